package dev.caplab.streaming.pipeline;

import dev.caplab.capacity.TokenBucket;
import dev.caplab.config.Require;
import dev.caplab.streaming.pipeline.internal.Channel;
import dev.caplab.streaming.pipeline.internal.CheckpointCoordinator;
import dev.caplab.streaming.pipeline.internal.OperatorTask;
import dev.caplab.streaming.pipeline.internal.SinkTask;
import dev.caplab.streaming.pipeline.internal.SinkWriter;
import dev.caplab.streaming.pipeline.internal.SourceTask;
import dev.caplab.streaming.watermark.WatermarkGenerator;
import dev.caplab.time.Scheduler;
import dev.caplab.time.Ticker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * A running streaming pipeline with Flink's model at parallelism 1 per operator: sources, a chain
 * of operators and a sink, each a task, with a bounded buffer in front of every task but the
 * sources ({@link BufferMode}: credit-based backpressure, load shedding, or unbounded); watermarks
 * flowing with the records; checkpoints with aligned barriers into a {@link CheckpointStore}; and
 * {@link Builder#restore()} from the latest checkpoint after a crash.
 *
 * <p>Execution is in rounds: a round lets the sink, then each operator from the last to the first,
 * then each source take one turn, each moving what its input and its output's credit allow. {@link
 * #runRound()} runs one (an embedding's own loop, a test); {@link #start()} runs one every {@link
 * PipelineConfig#roundInterval()} on the scheduler (a simulation's, or a real one). Time comes only
 * from the ticker; the pipeline starts no thread.
 *
 * <p>A checkpoint ({@link #triggerCheckpoint()}, or every {@link PipelineConfig#checkpointInterval()}):
 * each source records its position and sends barrier n downstream, in order with its records; a
 * task with several inputs blocks each input that delivered barrier n until all have (alignment),
 * then records its state and forwards the barrier; the checkpoint completes when the sink has
 * acknowledged it: it is saved to the store and the sink is told (a transactional sink commits).
 * One checkpoint at a time: a trigger while one is pending is skipped and counted.
 *
 * <p>Not thread-safe: run it on one thread (a simulation's, a node's handler, one event loop).
 */
public final class Pipeline {

  private final Topology topology;
  private final PipelineConfig config;
  private final Ticker ticker;
  private final Scheduler scheduler;
  private final SourceTask[] sources;
  private final OperatorTask[] operators;
  private final SinkTask sink;
  private final List<Channel> channels = new ArrayList<>();
  private final CheckpointCoordinator coordinator;
  private final long checkpointIntervalNanos;
  private long lastPeriodicTrigger;
  private long restoredFrom = -1;
  private long rounds;
  private Scheduler.Cancellable running;

  private Pipeline(Builder b) {
    this.topology = b.topology;
    this.config = b.config;
    this.ticker = b.ticker;
    this.scheduler = b.scheduler;
    int s = topology.sources().size();
    int o = topology.operators().size();
    this.coordinator = new CheckpointCoordinator(topology.tasks(), 1, b.store, ticker, this::checkpointComplete);
    Channel[] sourceOutputs = new Channel[s];
    for (int i = 0; i < s; i++) {
      sourceOutputs[i] = newChannel();
    }
    this.sources = new SourceTask[s];
    for (int i = 0; i < s; i++) {
      sources[i] = sourceTask(i, topology.sources().get(i), sourceOutputs[i]);
    }
    this.operators = new OperatorTask[o];
    Channel[] inputs = sourceOutputs;
    for (int i = 0; i < o; i++) {
      Channel out = newChannel();
      operators[i] = new OperatorTask(s + i, inputs, out, topology.operators().get(i).get(), coordinator);
      inputs = new Channel[] {out};
    }
    TokenBucket throughput = topology.sinkThroughput() == null ? null : TokenBucket.of(topology.sinkThroughput(), ticker);
    SinkWriter<?> writer = topology.sink().newWriter();
    this.sink = new SinkTask(s + o, inputs, writer, throughput, coordinator);
    this.checkpointIntervalNanos = config.checkpointInterval().map(d -> d.toNanos()).orElse(0L);
    this.lastPeriodicTrigger = ticker.nanos();
  }

  /** A flow reading {@code source}. */
  public static <T> Flow<T> from(Source<T> source) {
    return Flow.of(List.of(Require.notNull(source, "source")));
  }

  /**
   * A flow reading all of {@code sources} into its first task, which takes them round-robin,
   * combines their watermarks (the minimum) and aligns their barriers.
   */
  public static <T> Flow<T> union(List<Source<T>> sources) {
    return Flow.of(sources);
  }

  /** A builder for a pipeline running {@code topology}. */
  public static Builder builder(Topology topology) {
    return new Builder(Require.notNull(topology, "topology"));
  }

  /** Runs one round; returns whether any record, watermark or barrier moved. */
  public boolean runRound() {
    long now = ticker.nanos();
    if (checkpointIntervalNanos > 0 && now - lastPeriodicTrigger >= checkpointIntervalNanos) {
      lastPeriodicTrigger = now;
      triggerCheckpoint();
    }
    boolean progress = sink.runTurn();
    for (int i = operators.length - 1; i >= 0; i--) {
      progress |= operators[i].runTurn();
    }
    for (SourceTask s : sources) {
      progress |= s.runTurn(now);
    }
    rounds++;
    return progress;
  }

  /** Runs rounds until one moves nothing, at most {@code maxRounds} (>= 1); returns the rounds run. */
  public long runUntilIdle(long maxRounds) {
    Require.atLeast("maxRounds", maxRounds, 1L);
    long n = 0;
    while (n < maxRounds) {
      n++;
      if (!runRound()) {
        break;
      }
    }
    return n;
  }

  /**
   * Runs a round every {@link PipelineConfig#roundInterval()} on the scheduler until {@link #stop()}.
   *
   * @throws IllegalStateException without a scheduler, or if already started
   */
  public void start() {
    Require.requireState(scheduler != null, "start() needs a scheduler: give one to the builder");
    Require.requireState(running == null, "the pipeline is already started");
    scheduleNext();
  }

  /** Stops the rounds {@link #start()} scheduled (a crash does the same to a node's timers). */
  public void stop() {
    if (running != null) {
      running.cancel();
      running = null;
    }
  }

  private void scheduleNext() {
    running = scheduler.schedule(config.roundInterval().toNanos(), () -> {
      runRound();
      if (running != null) {
        scheduleNext();
      }
    });
  }

  /** Starts a checkpoint now; returns its id, or -1 if one is pending (the trigger is skipped and counted). */
  public long triggerCheckpoint() {
    long id = coordinator.trigger();
    if (id > 0) {
      for (SourceTask s : sources) {
        s.triggerCheckpoint(coordinator, id);
      }
    }
    return id;
  }

  private void checkpointComplete(long id) {
    sink.writer().checkpointComplete(id);
  }

  /** The topology run. */
  public Topology topology() {
    return topology;
  }

  /** The configuration. */
  public PipelineConfig config() {
    return config;
  }

  /** Rounds run. */
  public long rounds() {
    return rounds;
  }

  /** Whether every source is bounded and done and nothing is left in a buffer or a task. */
  public boolean isDrained() {
    for (SourceTask s : sources) {
      if (!s.finished()) {
        return false;
      }
    }
    for (Channel c : channels) {
      if (!c.isEmpty()) {
        return false;
      }
    }
    for (OperatorTask o : operators) {
      if (o.pendingOutput() > 0) {
        return false;
      }
    }
    return true;
  }

  /** Records in the buffers now, one entry per buffer: the sources' buffers first, then one per operator. */
  public List<Integer> bufferOccupancy() {
    List<Integer> out = new ArrayList<>(channels.size());
    for (Channel c : channels) {
      out.add(c.occupancy());
    }
    return Collections.unmodifiableList(out);
  }

  /** Records held in memory now: in buffers, and emitted by operators but waiting for credit. */
  public long bufferedRecords() {
    long n = 0;
    for (Channel c : channels) {
      n += c.occupancy();
    }
    for (OperatorTask o : operators) {
      n += o.pendingOutput();
    }
    return n;
  }

  /** The most records any one buffer has held. */
  public int maxBufferOccupancy() {
    int max = 0;
    for (Channel c : channels) {
      max = Math.max(max, c.maxOccupancy());
    }
    return max;
  }

  /** Time the sources spent with records to read and no credit to send them, summed over sources. */
  public long backpressuredNanos() {
    long now = ticker.nanos();
    long n = 0;
    for (SourceTask s : sources) {
      n += s.backpressuredNanos(now);
    }
    return n;
  }

  /** Records the sources could read now but have not (a log's lag, a generator's due records). */
  public long sourceLag() {
    long now = ticker.nanos();
    long n = 0;
    for (SourceTask s : sources) {
      n += s.lag(now);
    }
    return n;
  }

  /** Records dropped by shedding, per priority, ascending. */
  public SortedMap<Integer, Long> droppedByPriority() {
    TreeMap<Integer, Long> out = new TreeMap<>();
    for (Channel c : channels) {
      for (Map.Entry<Integer, Long> e : c.droppedByPriority().entrySet()) {
        out.merge(e.getKey(), e.getValue(), Long::sum);
      }
    }
    return Collections.unmodifiableSortedMap(out);
  }

  /** Records dropped by shedding. */
  public long dropped() {
    long n = 0;
    for (Channel c : channels) {
      n += c.dropped();
    }
    return n;
  }

  /** Records the sources read (since this pipeline was built). */
  public long recordsRead() {
    long n = 0;
    for (SourceTask s : sources) {
      n += s.emitted();
    }
    return n;
  }

  /** Records the sink wrote (since this pipeline was built). */
  public long recordsWritten() {
    return sink.written();
  }

  /** Checkpoints completed by this pipeline. */
  public long checkpointsCompleted() {
    return coordinator.completed();
  }

  /** Checkpoint triggers skipped because one was pending. */
  public long checkpointsSkipped() {
    return coordinator.skipped();
  }

  /** The id of the last completed checkpoint (or the one restored from), or -1. */
  public long lastCheckpointId() {
    return coordinator.lastCompletedId();
  }

  /** The id of the checkpoint this pipeline was restored from, or -1. */
  public long restoredFrom() {
    return restoredFrom;
  }

  /** The id of the pending checkpoint, or -1. */
  public long pendingCheckpointId() {
    return coordinator.pendingId();
  }

  // package-private views for tests and the metrics binder
  List<Channel> channels() {
    return Collections.unmodifiableList(channels);
  }

  OperatorTask[] operatorTasks() {
    return operators.clone();
  }

  SinkTask sinkTask() {
    return sink;
  }

  private Channel newChannel() {
    Channel c = new Channel(config.bufferCapacity(), config.bufferMode());
    channels.add(c);
    return c;
  }

  @SuppressWarnings("unchecked")
  private SourceTask sourceTask(int index, Source<?> source, Channel out) {
    Source<Object> s = (Source<Object>) source;
    ToLongFunction<Object> ts = (ToLongFunction<Object>) s.timestampOf();
    if (ts == null) {
      ts = v -> ticker.nanos() / 1_000_000L;
    }
    return new SourceTask(index, s.newReader(), out, ts, (ToIntFunction<Object>) s.priorityOf(),
        (WatermarkGenerator<Object>) s.newWatermarks(), config.maxPollRecords());
  }

  private void restore(CheckpointStore store) {
    Optional<Checkpoint> latest = store.latest();
    if (latest.isEmpty()) {
      sink.writer().restore(-1, null);
      return;
    }
    Checkpoint cp = latest.get();
    List<Object> states = cp.taskStates();
    Require.requireArgument(states.size() == topology.tasks(),
        "checkpoint %s must hold one state per task of the topology (%s), got %s states",
        cp.id(), topology.tasks(), states.size());
    for (int i = 0; i < sources.length; i++) {
      sources[i].restore(states.get(i));
    }
    for (int i = 0; i < operators.length; i++) {
      operators[i].restore(states.get(sources.length + i));
    }
    sink.writer().restore(cp.id(), states.get(states.size() - 1));
    coordinator.restoredFrom(cp.id());
    restoredFrom = cp.id();
  }

  /** Builds a {@link Pipeline}. Not thread-safe. */
  public static final class Builder {
    private final Topology topology;
    private PipelineConfig config = PipelineConfig.ofDefaults();
    private Ticker ticker;
    private Scheduler scheduler;
    private CheckpointStore store;

    private Builder(Topology topology) {
      this.topology = topology;
    }

    /** The configuration (default {@link PipelineConfig#ofDefaults()}). */
    public Builder config(PipelineConfig config) {
      this.config = Require.notNull(config, "config");
      return this;
    }

    /** The time source (required). */
    public Builder ticker(Ticker ticker) {
      this.ticker = Require.notNull(ticker, "ticker");
      return this;
    }

    /** The scheduler {@link Pipeline#start()} runs rounds on (optional: {@link Pipeline#runRound()} needs none). */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Require.notNull(scheduler, "scheduler");
      return this;
    }

    /** Where checkpoints go (default: a new {@link CheckpointStore#inMemory()}). */
    public Builder checkpointStore(CheckpointStore store) {
      this.store = Require.notNull(store, "store");
      return this;
    }

    /** A pipeline starting from the beginning of its sources. */
    public Pipeline build() {
      return create();
    }

    /**
     * A pipeline restarting from the store's latest checkpoint: sources at its offsets, operators
     * with its state, the sink told (see {@link Sink}); with no checkpoint, from the beginning,
     * with the sink rolled back as far as it can be.
     */
    public Pipeline restore() {
      Pipeline p = create();
      p.restore(store);
      return p;
    }

    private Pipeline create() {
      Require.requireState(ticker != null, "a pipeline needs a ticker: call ticker(...)");
      if (store == null) {
        store = CheckpointStore.inMemory();
      }
      return new Pipeline(this);
    }
  }
}
