package dev.caplab.replication.quorum;

import dev.caplab.history.HistoryRecorder;
import dev.caplab.history.Op;
import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import dev.caplab.node.CallFailure;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.replication.quorum.QuorumMessage.ClientRead;
import dev.caplab.replication.quorum.QuorumMessage.ClientReply;
import dev.caplab.replication.quorum.QuorumMessage.ClientWrite;
import dev.caplab.replication.version.VersionVector;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A client process of a quorum store: sends each read or write to a coordinator node and
 * reports the outcome to the caller and, if the store was built with one, to a
 * {@link HistoryRecorder} as history process {@link #process()}. A client has at most one
 * operation outstanding, as a history's process does.
 *
 * <p>Under {@link Versioning#VECTOR} the client is the vector-clock actor: it remembers, per key,
 * the context of its last read or write and sends it with its next write of that key, so a
 * write supersedes what the client has seen and nothing else; two clients writing without having
 * seen each other's writes produce siblings. Under {@link Versioning#DVV} the client remembers and
 * sends its context the same way, but the coordinating node, not the client, mints the write's
 * dot. Concurrent siblings read are resolved for the
 * history by the configured {@link SiblingResolver}.
 *
 * <p>A request answered {@link Throttled} is sent again after a backoff, as the store's {@link
 * ThrottleRetry} says, up to its attempts; the caller hears only the final outcome (the last
 * {@code Throttled}, with its attempts, if every attempt was throttled). Attempts, throttles,
 * retries and give-ups are counted in {@link QuorumMetrics}.
 *
 * <p>History outcomes: a read that fails is {@code fail}; a write that fails is {@code info}
 * (it may have reached some replicas). A crash loses the outstanding call, so its operation never
 * completes; the restarted client's first invocation first {@linkplain HistoryRecorder#abandon
 * abandons} it as {@code info}, at the time of that invocation. Not thread-safe: call it from the
 * simulation thread (for example a scheduled action) while the node is up.
 */
public final class QuorumClient implements Node {

  /** Storage key of the last vector-clock counter this client used (see {@link #nextActorCounter()}). */
  private static final String ACTOR_COUNTER = "m/actor-counter";

  private final int process;
  private final NodeId defaultCoordinator;
  private final QuorumConfig config;
  /** Where operations are recorded, or null for nowhere. */
  private final HistoryRecorder recorder;
  private final SiblingResolver resolver;
  private final Map<String, VersionVector> contexts = new HashMap<>();
  private NodeContext ctx;
  private ClientMeters meters;
  private long actorCounter;
  private boolean busy;
  /** Whether this incarnation has invoked anything yet (see {@link #begin}). */
  private boolean invoked;
  /** The recorded outstanding operation, while {@link #busy} and recording. */
  private HistoryRecorder.Handle recorded;

  QuorumClient(int process, NodeId defaultCoordinator, QuorumConfig config, HistoryRecorder recorder,
      SiblingResolver resolver) {
    this.process = process;
    this.defaultCoordinator = defaultCoordinator;
    this.config = config;
    this.recorder = recorder;
    this.resolver = resolver;
  }

  @Override
  public void onStart(NodeContext ctx) {
    this.ctx = ctx;
    this.meters = new ClientMeters(ctx.metrics(), ctx.id().name());
    Long last = (Long) ctx.storage().get(ACTOR_COUNTER);
    this.actorCounter = last == null ? 0 : last;
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope envelope) {
    // Only late replies to calls that timed out arrive here; the outcome was already reported.
  }

  /** This client's process number in histories. */
  public int process() {
    return process;
  }

  /** The coordinator used when none is given. */
  public NodeId defaultCoordinator() {
    return defaultCoordinator;
  }

  /** Whether an operation is outstanding. */
  public boolean busy() {
    return busy;
  }

  /** Reads with the store's default options at the default coordinator. */
  public void read(String key, Consumer<QuorumResult> done) {
    read(defaultCoordinator, key, config.readDefaults(), done);
  }

  public void read(String key, ReadOptions options, Consumer<QuorumResult> done) {
    read(defaultCoordinator, key, options, done);
  }

  /**
   * Reads {@code key} through {@code coordinator}.
   *
   * @throws IllegalArgumentException if the options' R exceeds N
   * @throws IllegalStateException if an operation is already outstanding
   */
  public void read(NodeId coordinator, String key, ReadOptions options, Consumer<QuorumResult> done) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(done, "done");
    options.validate(config.replicationFactor());
    begin(Op.Fn.READ, key, null);
    readAttempt(coordinator, key, options, 1, done);
  }

  private void readAttempt(NodeId coordinator, String key, ReadOptions options, int attempt,
      Consumer<QuorumResult> done) {
    meters.readAttempts.increment();
    ctx.call(coordinator, new ClientRead(key, options), clientTimeout())
        .onReply(r -> {
          QuorumResult result = ((ClientReply) r.message()).result();
          if (result instanceof Throttled t) {
            meters.readsThrottled.increment();
            if (attempt < config.throttleRetry().maxAttempts()) {
              meters.readRetries.increment();
              ctx.schedule(backoff(t, attempt), () -> readAttempt(coordinator, key, options, attempt + 1, done));
              return;
            }
            meters.readGiveUps.increment();
            result = t.afterAttempts(attempt);
          }
          if (result instanceof ReadOk ok) {
            contexts.put(key, ok.context());
            end(Op.Type.OK, readValue(ok));
          } else {
            end(Op.Type.FAIL, null);
          }
          done.accept(result);
        })
        .onFailure(f -> {
          end(Op.Type.FAIL, null);
          done.accept(unreachable(key, "read", options.required(config.replicationFactor()), coordinator, f));
        });
  }

  /** Writes with the store's default options at the default coordinator. */
  public void write(String key, String value, Consumer<QuorumResult> done) {
    write(defaultCoordinator, key, value, config.writeDefaults(), done);
  }

  public void write(String key, String value, WriteOptions options, Consumer<QuorumResult> done) {
    write(defaultCoordinator, key, value, options, done);
  }

  /**
   * Writes {@code key} through {@code coordinator}, with this client's remembered context of the
   * key under VECTOR versioning.
   *
   * @throws IllegalArgumentException if the options' W exceeds N
   * @throws IllegalStateException if an operation is already outstanding
   */
  public void write(NodeId coordinator, String key, String value, WriteOptions options,
      Consumer<QuorumResult> done) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(done, "done");
    options.validate(config.replicationFactor());
    begin(Op.Fn.WRITE, key, value);
    VersionVector context = contexts.getOrDefault(key, VersionVector.empty());
    // A retry resends the same message: under VECTOR the same clock, so a first attempt that
    // reached some replicas and its retry are one version, not two.
    writeAttempt(coordinator, new ClientWrite(key, value, options, context, ctx.id().name(), nextActorCounter()), 1,
        done);
  }

  private void writeAttempt(NodeId coordinator, ClientWrite request, int attempt, Consumer<QuorumResult> done) {
    String key = request.key();
    String value = request.value();
    meters.writeAttempts.increment();
    ctx.call(coordinator, request, clientTimeout())
        .onReply(r -> {
          QuorumResult result = ((ClientReply) r.message()).result();
          if (result instanceof Throttled t) {
            meters.writesThrottled.increment();
            if (attempt < config.throttleRetry().maxAttempts()) {
              meters.writeRetries.increment();
              ctx.schedule(backoff(t, attempt), () -> writeAttempt(coordinator, request, attempt + 1, done));
              return;
            }
            meters.writeGiveUps.increment();
            result = t.afterAttempts(attempt);
          }
          if (result instanceof WriteOk ok) {
            if (ok.version().version() instanceof VectorClock vc) {
              contexts.put(key, vc.clock());
            } else if (ok.version().version() instanceof DottedVersion dv) {
              contexts.put(key, dv.history());
            }
            end(Op.Type.OK, value);
          } else if (result instanceof Throttled) {
            end(Op.Type.FAIL, value); // every attempt was refused by the primary before any replica stored it
          } else {
            end(Op.Type.INFO, value);
          }
          done.accept(result);
        })
        .onFailure(f -> {
          end(Op.Type.INFO, value);
          done.accept(unreachable(key, "write", request.options().required(config.replicationFactor()), coordinator, f));
        });
  }

  /**
   * The wait before the retry that follows attempt {@code attempt}: the longer of the store's hint
   * and the full-jitter backoff, drawn from the node's random stream.
   */
  private Duration backoff(Throttled t, int attempt) {
    long jitter = config.throttleRetry().backoff().delayNanos(attempt, ctx.random());
    return Duration.ofNanos(Math.max(t.retryAfter().toNanos(), jitter));
  }

  /**
   * The counter of this client's next write, synced first under VECTOR: a restarted client that
   * counted from 1 again would give a blind write the clock of one of its earlier writes, and
   * replicas would keep whichever of the two they held first, losing the other.
   */
  private long nextActorCounter() {
    actorCounter++;
    if (config.versioning() == Versioning.VECTOR) {
      ctx.storage().put(ACTOR_COUNTER, actorCounter);
      ctx.storage().sync();
    }
    return actorCounter;
  }

  /** Forgets the remembered vector-clock context of {@code key} (the next write is blind). */
  public void forgetContext(String key) {
    contexts.remove(key);
  }

  private Object readValue(ReadOk ok) {
    if (ok.siblings() == null) {
      return null;
    }
    if (!ok.siblings().hasConflict()) {
      return ok.value();
    }
    return resolver != null ? ok.value(resolver) : ok.values();
  }

  private Duration clientTimeout() {
    return config.requestTimeout().multipliedBy(2);
  }

  private Unavailable unreachable(String key, String op, int required, NodeId coordinator, CallFailure f) {
    return Unavailable.coordinatorUnreachable(key, op, required,
        new Unavailable.Unreachable(coordinator, f, clientTimeout()));
  }

  /**
   * Marks the client busy and records the invocation. The first invocation of an incarnation
   * first abandons whatever a crashed earlier incarnation of this process left outstanding.
   */
  private void begin(Op.Fn f, String key, Object value) {
    if (ctx == null) {
      throw new IllegalStateException("client has not started yet: run the simulation past its start first");
    }
    if (busy) {
      throw new IllegalStateException("client " + ctx.id() + " (process " + process
          + ") already has an operation outstanding; a process runs one at a time");
    }
    busy = true;
    if (recorder != null) {
      if (!invoked) {
        recorder.abandon(process, ctx.now());
      }
      recorded = recorder.invoke(process, f, key, value, ctx.now());
    }
    invoked = true;
  }

  /** Marks the client idle and records the completion ({@code value}: its result). */
  private void end(Op.Type type, Object value) {
    busy = false;
    if (recorded == null) {
      return;
    }
    HistoryRecorder.Handle h = recorded;
    recorded = null;
    switch (type) {
      case OK -> recorder.ok(h, value, ctx.now());
      case FAIL -> recorder.fail(h, value, ctx.now());
      case INFO -> recorder.info(h, value, ctx.now());
      default -> throw new AssertionError(type);
    }
  }
}
