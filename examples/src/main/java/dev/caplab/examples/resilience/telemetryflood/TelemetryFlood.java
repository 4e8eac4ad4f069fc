package dev.caplab.examples.resilience.telemetryflood;

import dev.caplab.examples.scenario.DiagramWindow;
import dev.caplab.examples.scenario.Scenario;
import dev.caplab.examples.scenario.ScenarioRun;
import dev.caplab.examples.scenario.VariantKey;
import dev.caplab.fault.Fault;
import dev.caplab.fault.FaultLog;
import dev.caplab.fault.FaultPlan;
import dev.caplab.messaging.resilience.Backoff;
import dev.caplab.messaging.resilience.LoadShedderConfig;
import dev.caplab.messaging.resilience.RetryConfig;
import dev.caplab.time.Durations;
import dev.caplab.net.DropReason;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Capacity;
import dev.caplab.node.Cluster;
import dev.caplab.node.NodeOptions;
import dev.caplab.node.OverflowPolicy;
import dev.caplab.report.Block;
import dev.caplab.report.Check;
import dev.caplab.report.Metric;
import dev.caplab.report.Unit;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Devices send telemetry to an ingest server that goes down for {@link #OUTAGE}; meanwhile every
 * device keeps its readings, and when the server is back they all flush their backlog at 50 times
 * the normal rate. The same flood meets three servers, each in its own simulation from the same
 * seed:
 *
 * <ul>
 *   <li>{@code shed429}: a {@code LoadShedder} (adaptive AIMD limit, bounded queue) answers 429
 *       with a Retry-After at the door; devices pause for at least that long, plus jitter;
 *   <li>{@code boundedQueue}: the node's inbox holds {@link #INBOX} readings and refuses the rest
 *       ({@code Overloaded}); devices resend at their next slot;
 *   <li>{@code unbounded}: the inbox has no bound, but the process has a memory limit: when more
 *       than {@link #MEMORY_LIMIT} readings wait, it dies (a {@code Fault.Crash}) and is restarted
 *       {@link #RESTART_DELAY} later, losing what it held.
 * </ul>
 *
 * <p>The servers are the scenario's variants, each on its own simulation in that order. Stateless
 * and thread-safe.
 */
public final class TelemetryFlood implements Scenario {

  /** The command-line name. */
  public static final String NAME = "telemetry-flood";

  static final String SERVER = "ingest";

  static final int DEVICES = 300;
  static final Duration READING_EVERY = Duration.ofSeconds(1);
  static final int BURST_FACTOR = 50;
  static final Duration FLUSH_EVERY = READING_EVERY.dividedBy(BURST_FACTOR);
  static final Duration DOWN_AT = Duration.ofSeconds(2);
  static final Duration OUTAGE = Duration.ofSeconds(20);
  static final Duration BACK_AT = DOWN_AT.plus(OUTAGE);
  static final Duration PRODUCE_UNTIL = Duration.ofSeconds(40);
  static final Duration RUN_UNTIL = Duration.ofSeconds(50);
  static final int WORKERS = 4;
  static final Duration SERVICE_TIME = Duration.ofMillis(1);
  static final Duration LINK_MEDIAN = Duration.ofMillis(5);
  static final double LINK_SIGMA = 0.4;
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
  static final Duration PROBE_TIMEOUT = Duration.ofMillis(200);
  static final Duration PROBE_MIN = Duration.ofMillis(100);
  static final Duration RETRY_AFTER = Duration.ofMillis(500);
  static final Duration DEVICE_BACKOFF_BASE = Duration.ofSeconds(1);
  static final Duration DEVICE_BACKOFF_CAP = Duration.ofSeconds(8);
  static final int SHED_QUEUE = 200;
  static final int INBOX = 200;
  static final int MEMORY_LIMIT = 2_000;
  static final Duration WATCHDOG_EVERY = Duration.ofMillis(5);
  static final Duration RESTART_DELAY = Duration.ofSeconds(3);
  /** The queue-depth series shows the deepest sample of each window this long. */
  static final Duration QUEUE_WINDOW = Duration.ofMillis(100);
  /** The diagram: the shedding server as it comes back and the first burst meets it. */
  static final DiagramWindow DIAGRAM = DiagramWindow.of(Strategy.SHED_429.key(), BACK_AT.minusMillis(100),
      BACK_AT.plusMillis(300));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "after a 20s outage 300 devices flush their backlog at 50x: shed with 429, bound the queue, or crash?";
  }

  @Override
  public String question() {
    return "After a 20-second outage, 300 devices flush their backlog at 50 times the normal rate. Should the"
        + " server shed the flood with 429 and Retry-After, bound its queue and refuse the overflow, or queue"
        + " everything, and what does each choice cost?";
  }

  @Override
  public List<String> variants() {
    return VariantKey.keysOf(Strategy.values());
  }

  @Override
  public DiagramWindow diagram() {
    return DIAGRAM;
  }

  @Override
  public void run(ScenarioRun run) {
    Map<Strategy, Run> runs = run.eachVariant(Strategy.class, (sim, s) -> run(sim, s));
    new Outcome(runs).report(run);
  }

  /**
   * What one server did with the flood, with the run's cluster and fault log; {@code queue} holds
   * the deepest sample of the waiting readings per {@link #QUEUE_WINDOW}, -1 where the server was
   * never up.
   */
  record Run(Strategy strategy, long produced, long accepted, long duplicates, long shed, int crashes,
      long lostInCrashes, long drainNanos, long backlogAtEnd, long peakQueue, long[] queue, Cluster cluster,
      FaultLog faults) {

    boolean drained() {
      return drainNanos >= 0;
    }
  }

  private static Run run(Simulation sim, Strategy strategy) {
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(
        LinkProfile.custom().latency(LatencyModel.logNormal(LINK_MEDIAN, LINK_SIGMA)).build());
    FloodLedger ledger = new FloodLedger(DEVICES, BACK_AT.toNanos());
    LatencyModel service = LatencyModel.constant(SERVICE_TIME);
    NodeId server = switch (strategy) {
      case SHED_429 -> {
        LoadShedderConfig shed = LoadShedderConfig.custom()
            .maxConcurrentCalls(100).adaptive(true).minLimit(WORKERS).maxLimit(400)
            .latencyTarget(Duration.ofMillis(50)).maxQueueLength(SHED_QUEUE).retryAfter(RETRY_AFTER).build();
        yield cluster.add(SERVER, () -> new SheddingServer(shed, WORKERS, service, ledger));
      }
      case BOUNDED_QUEUE -> cluster.add(SERVER, NodeOptions.custom().capacity(Capacity.custom()
          .serviceTime(service).concurrency(WORKERS).inboxCapacity(INBOX).overflow(OverflowPolicy.REJECT).build())
          .build(), () -> new PlainServer(ledger));
      case UNBOUNDED -> cluster.add(SERVER, NodeOptions.custom().capacity(Capacity.custom()
          .serviceTime(service).concurrency(WORKERS).build()).build(), () -> new PlainServer(ledger));
    };
    RandomGenerator workload = sim.random("workload");
    RetryConfig deviceRetry = RetryConfig.custom().maxAttempts(Integer.MAX_VALUE)
        .backoff(Backoff.fullJitter(DEVICE_BACKOFF_BASE, DEVICE_BACKOFF_CAP)).build();
    Device.Plan plan = new Device.Plan(READING_EVERY, FLUSH_EVERY, PRODUCE_UNTIL.toNanos(), CALL_TIMEOUT,
        PROBE_TIMEOUT, PROBE_MIN, deviceRetry);
    for (int i = 0; i < DEVICES; i++) {
      int device = i;
      long phase = workload.nextLong(READING_EVERY.toNanos());
      cluster.add("device" + i, () -> new Device(device, phase, plan, ledger));
    }
    FaultLog faults = FaultLog.of(cluster);
    long[] droppedBeforeBack = new long[1];
    // The outage's end: a restart sends and drops nothing itself, so this counts up to that instant.
    faults.onApplied(applied -> {
      if (applied.at().equals(BACK_AT) && applied.fault() instanceof Fault.Restart) {
        droppedBeforeBack[0] = cluster.stats().dropped(DropReason.CRASH);
      }
    });
    FaultPlan.builder().crash(DOWN_AT, SERVER).restart(BACK_AT, SERVER).build().schedule(faults);
    Watchdog watchdog = new Watchdog(sim, faults, server, strategy == Strategy.UNBOUNDED);
    sim.scheduleAt(WATCHDOG_EVERY.toNanos(), watchdog::check);
    sim.runFor(RUN_UNTIL);
    long lost = cluster.stats().dropped(DropReason.CRASH) - droppedBeforeBack[0];
    long shed = strategy == Strategy.BOUNDED_QUEUE ? cluster.stats().dropped(DropReason.INBOX_OVERFLOW) : ledger.shed();
    return new Run(strategy, ledger.produced(), ledger.accepted(), ledger.duplicates(), shed, watchdog.crashes,
        lost, ledger.drainNanos(), ledger.backlog(), watchdog.peak, watchdog.deepest.clone(), cluster, faults);
  }

  /**
   * Samples the server's waiting readings every {@link #WATCHDOG_EVERY}, keeping the deepest
   * sample of each {@link #QUEUE_WINDOW}; with a memory limit it plays the out-of-memory killer:
   * above {@link #MEMORY_LIMIT} waiting readings the server dies, and its supervisor restarts it
   * {@link #RESTART_DELAY} later. These faults are reactions, not a plan, and go on the run's
   * fault timeline next to the planned outage.
   */
  private static final class Watchdog {
    private final Simulation sim;
    private final FaultLog faults;
    private final Cluster cluster;
    private final NodeId server;
    private final boolean memoryLimit;
    private final long[] deepest = new long[(int) (RUN_UNTIL.toNanos() / QUEUE_WINDOW.toNanos())];
    int crashes;
    long peak;

    Watchdog(Simulation sim, FaultLog faults, NodeId server, boolean memoryLimit) {
      this.sim = sim;
      this.faults = faults;
      this.cluster = faults.cluster();
      this.server = server;
      this.memoryLimit = memoryLimit;
      Arrays.fill(deepest, -1);
    }

    void check() {
      if (cluster.isUp(server)) {
        int waiting = cluster.node(server) instanceof SheddingServer s ? s.queued() : cluster.inboxDepth(server);
        peak = Math.max(peak, waiting);
        int w = (int) Math.min(deepest.length - 1, sim.now() / QUEUE_WINDOW.toNanos());
        deepest[w] = Math.max(deepest[w], waiting);
        if (memoryLimit && waiting > MEMORY_LIMIT) {
          crashes++;
          faults.apply(new Fault.Crash(server.name()));
          sim.schedule(RESTART_DELAY, () -> faults.apply(new Fault.Restart(server.name())));
        }
      }
      if (sim.now() + WATCHDOG_EVERY.toNanos() < RUN_UNTIL.toNanos()) {
        sim.schedule(WATCHDOG_EVERY, this::check);
      }
    }
  }

  /** Everything one run measured; {@link #report} turns it into prose, tables, series, metrics and checks. */
  record Outcome(Map<Strategy, Run> runs) {

    boolean sheddingDrainsWithoutCrashing() {
      Run shed = runs.get(Strategy.SHED_429);
      return shed.drained() && shed.crashes() == 0;
    }

    void report(ScenarioRun run) {
      double capacity = WORKERS * 1e9 / SERVICE_TIME.toNanos();
      run.paragraph(String.format(Locale.ROOT, "%d devices each send a reading every %s to an ingest server that can"
          + " store about %.0f/s (%d workers, %s each), %.0fx the normal load. The server is down from %s to %s; the"
          + " devices keep their readings (about %d in all) and, once a probe gets through, send them at %dx the"
          + " normal rate (one every %s). Readings stop at %s.", DEVICES, human(READING_EVERY), capacity, WORKERS,
          human(SERVICE_TIME), capacity / (DEVICES * 1e9 / READING_EVERY.toNanos()), human(DOWN_AT), human(BACK_AT),
          DEVICES * OUTAGE.toNanos() / READING_EVERY.toNanos(), BURST_FACTOR, human(FLUSH_EVERY),
          human(PRODUCE_UNTIL)));
      run.heading("What happened");
      run.bullets(findings());
      Block.Table.Builder t = Block.Table.builder("servers", "The flood, by server",
          new Block.Column("server", Unit.TEXT), new Block.Column("accepted", Unit.COUNT),
          new Block.Column("shed", Unit.COUNT), new Block.Column("crashed", Unit.COUNT),
          new Block.Column("drained after", Unit.NANOSECONDS), new Block.Column("duplicates", Unit.COUNT),
          new Block.Column("lost in crashes", Unit.COUNT), new Block.Column("peak queue", Unit.COUNT));
      for (Strategy st : Strategy.values()) {
        Run r = runs.get(st);
        t.row(st.key(), r.accepted(), r.shed(), r.crashes(), r.drained() ? r.drainNanos() : null, r.duplicates(),
            r.lostInCrashes(), r.peakQueue());
      }
      run.add(t.build());
      List<Block.Line> queues = new ArrayList<>();
      for (Strategy st : Strategy.values()) {
        queues.add(queueLine(st.key(), runs.get(st).queue()));
      }
      run.add(new Block.TimeSeries("queue", "Readings waiting at the server, deepest per " + human(QUEUE_WINDOW)
          + " while up", Unit.COUNT, queues));
      for (Strategy st : Strategy.values()) {
        run.add(run.timeline(st.key(), runs.get(st).faults()));
      }
      Run shed = runs.get(Strategy.SHED_429);
      run.add(run.diagram("shed429 as the server comes back at " + human(BACK_AT) + " and the first burst meets"
          + " it", shed.cluster(), shed.faults()).build());
      metrics(run);
      checks(run);
    }

    private List<String> findings() {
      List<String> found = new ArrayList<>();
      for (Strategy st : Strategy.values()) {
        Run r = runs.get(st);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s (%s): ", st.key(), st.description()));
        if (r.crashes() > 0) {
          s.append(String.format(Locale.ROOT, "crashed %s when more than %d readings waited in memory; %d messages"
              + " died with it and had to be sent again; ", r.crashes() == 1 ? "once" : r.crashes() + " times",
              MEMORY_LIMIT, r.lostInCrashes()));
        } else {
          s.append("never crashed; ");
        }
        if (r.drained()) {
          s.append(String.format(Locale.ROOT, "the backlog was stored %s after the server came back.",
              Durations.human(r.drainNanos())));
        } else {
          s.append(String.format(Locale.ROOT, "the backlog was NOT stored by %s (%d readings still waiting).",
              human(RUN_UNTIL), r.backlogAtEnd()));
        }
        if (r.shed() > 0) {
          s.append(String.format(Locale.ROOT, " It turned away %d sends (%.0f%% as many as the readings it stored).",
              r.shed(), 100.0 * r.shed() / Math.max(1, r.accepted())));
        }
        found.add(s.toString());
      }
      Run shed = runs.get(Strategy.SHED_429);
      Run bounded = runs.get(Strategy.BOUNDED_QUEUE);
      Run unbounded = runs.get(Strategy.UNBOUNDED);
      StringBuilder door = new StringBuilder(String.format(Locale.ROOT, "Shedding answers at the door and says when"
          + " to come back: devices wait, so it turned away %.0fx fewer sends than the bounded queue, whose devices"
          + " only hear \"full\" and keep knocking.", (double) bounded.shed() / Math.max(1, shed.shed())));
      if (shed.drained() && bounded.drained() && shed.drainNanos() > bounded.drainNanos()) {
        door.append(String.format(Locale.ROOT, " The price: while devices wait out Retry-After the server is"
            + " sometimes idle, so the backlog took %s instead of %s.", Durations.human(shed.drainNanos()),
            Durations.human(bounded.drainNanos())));
      }
      found.add(door.toString());
      String survive = shed.crashes() == 0 && bounded.crashes() == 0 ? "Both bounded designs survive."
          : "Not even the bounded designs survived.";
      found.add(unbounded.crashes() > 0
          ? String.format(Locale.ROOT, "%s The unbounded queue grows faster than it drains until the process dies (at"
              + " %d readings waiting), and everything it held has to be sent again.", survive, unbounded.peakQueue())
          : survive + " The unbounded queue did not run out of memory in this run.");
      return found;
    }

    /** The queue depth per window, for the windows in which the server was up. */
    private static Block.Line queueLine(String label, long[] deepest) {
      long window = QUEUE_WINDOW.toNanos();
      long[] times = new long[deepest.length];
      double[] values = new double[deepest.length];
      int n = 0;
      for (int w = 0; w < deepest.length; w++) {
        if (deepest[w] >= 0) {
          times[n] = w * window;
          values[n++] = deepest[w];
        }
      }
      return new Block.Line(label, Arrays.copyOf(times, n), Arrays.copyOf(values, n));
    }

    private void metrics(ScenarioRun run) {
      run.metric("devices", Unit.COUNT, DEVICES);
      run.metric("outage", Unit.NANOSECONDS, OUTAGE.toNanos());
      run.metric("burstFactor", Unit.COUNT, BURST_FACTOR);
      for (Strategy s : Strategy.values()) {
        Run r = runs.get(s);
        String k = s.key() + ".";
        run.metric(k + "accepted", Unit.COUNT, r.accepted());
        run.metric(k + "shed", Unit.COUNT, r.shed());
        run.metric(k + "crashed", Unit.COUNT, r.crashes());
        run.metric(k + "drainedAfter", Unit.NANOSECONDS, r.drained() ? r.drainNanos() : null);
        run.metric(k + "produced", Unit.COUNT, r.produced());
        run.metric(k + "duplicates", Unit.COUNT, r.duplicates());
        run.metric(k + "lostInCrashes", Unit.COUNT, r.lostInCrashes());
        run.metric(k + "backlogAtEnd", Unit.COUNT, r.backlogAtEnd());
        run.metric(k + "peakQueue", Unit.COUNT, r.peakQueue());
      }
    }

    private void checks(ScenarioRun run) {
      Run shed = runs.get(Strategy.SHED_429);
      run.check(Check.of("sheddingDrainsWithoutCrashing", sheddingDrainsWithoutCrashing(),
          "the shedding server stores the whole backlog and never crashes",
          Metric.count("crashed", shed.crashes()),
          new Metric("drainedAfter", Unit.NANOSECONDS, shed.drained() ? shed.drainNanos() : null)));
      Run unbounded = runs.get(Strategy.UNBOUNDED);
      run.check(Check.of("unboundedQueueCrashes", unbounded.crashes() > 0, String.format(Locale.ROOT,
          "the server with an unbounded queue runs out of memory (more than %d readings waiting) and crashes",
          MEMORY_LIMIT),
          Metric.count("crashed", unbounded.crashes()), Metric.count("peakQueue", unbounded.peakQueue()),
          Metric.count("memoryLimit", MEMORY_LIMIT)));
    }
  }

  static String human(Duration d) {
    return Durations.human(d.toNanos());
  }
}
