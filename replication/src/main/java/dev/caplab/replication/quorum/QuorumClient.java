package dev.caplab.replication.quorum;

import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import dev.caplab.node.CallFailure;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.replication.quorum.OperationEvent.Type;
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
 * reports the outcome to the caller and to an {@link OperationListener} (for histories). A client
 * has at most one operation outstanding, as a history's process does.
 *
 * <p>Under {@link Versioning#VECTOR} the client is the vector-clock actor: it remembers, per key,
 * the context of its last read or write and sends it with its next write of that key, so a
 * write supersedes what the client has seen and nothing else; two clients writing without having
 * seen each other's writes produce siblings. Under {@link Versioning#DVV} the client remembers and
 * sends its context the same way, but the coordinating node, not the client, mints the write's
 * dot. Concurrent siblings read are resolved for the
 * listener by the configured {@link SiblingResolver}, if any.
 *
 * <p>History outcomes: a read that fails is {@code fail}; a write that fails is {@code info}
 * (it may have reached some replicas). Not thread-safe: call it from the simulation thread (for
 * example a scheduled action) while the node is up.
 */
public final class QuorumClient implements Node {

  /** Storage key of the last vector-clock counter this client used (see {@link #nextActorCounter()}). */
  private static final String ACTOR_COUNTER = "m/actor-counter";

  private final int process;
  private final NodeId defaultCoordinator;
  private final StoreShared shared;
  private final OperationListener listener;
  private final SiblingResolver resolver;
  private final Map<String, VersionVector> contexts = new HashMap<>();
  private NodeContext ctx;
  private long actorCounter;
  private boolean busy;

  QuorumClient(int process, NodeId defaultCoordinator, StoreShared shared, OperationListener listener,
      SiblingResolver resolver) {
    this.process = process;
    this.defaultCoordinator = defaultCoordinator;
    this.shared = shared;
    this.listener = listener;
    this.resolver = resolver;
  }

  @Override
  public void onStart(NodeContext ctx) {
    this.ctx = ctx;
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
    read(defaultCoordinator, key, shared.config.readDefaults(), done);
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
    options.validate(shared.n());
    begin("read", key, null);
    ctx.call(coordinator, new ClientRead(key, options), clientTimeout())
        .onReply(r -> {
          QuorumResult result = ((ClientReply) r.message()).result();
          if (result instanceof ReadOk ok) {
            contexts.put(key, ok.context());
            end(Type.OK, "read", key, readValue(ok));
          } else {
            end(Type.FAIL, "read", key, null);
          }
          done.accept(result);
        })
        .onFailure(f -> {
          end(Type.FAIL, "read", key, null);
          done.accept(unreachable(key, "read", f));
        });
  }

  /** Writes with the store's default options at the default coordinator. */
  public void write(String key, String value, Consumer<QuorumResult> done) {
    write(defaultCoordinator, key, value, shared.config.writeDefaults(), done);
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
    options.validate(shared.n());
    begin("write", key, value);
    VersionVector context = contexts.getOrDefault(key, VersionVector.empty());
    ctx.call(coordinator, new ClientWrite(key, value, options, context, ctx.id().name(), nextActorCounter()),
            clientTimeout())
        .onReply(r -> {
          QuorumResult result = ((ClientReply) r.message()).result();
          if (result instanceof WriteOk ok) {
            if (ok.version().version() instanceof VectorClock vc) {
              contexts.put(key, vc.clock());
            } else if (ok.version().version() instanceof DottedVersion dv) {
              contexts.put(key, dv.history());
            }
            end(Type.OK, "write", key, value);
          } else {
            end(Type.INFO, "write", key, value);
          }
          done.accept(result);
        })
        .onFailure(f -> {
          end(Type.INFO, "write", key, value);
          done.accept(unreachable(key, "write", f));
        });
  }

  /**
   * The counter of this client's next write, synced first under VECTOR: a restarted client that
   * counted from 1 again would give a blind write the clock of one of its earlier writes, and
   * replicas would keep whichever of the two they held first, losing the other.
   */
  private long nextActorCounter() {
    actorCounter++;
    if (shared.config.versioning() == Versioning.VECTOR) {
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
    return shared.config.requestTimeout().multipliedBy(2);
  }

  private static Unavailable unreachable(String key, String op, CallFailure f) {
    return new Unavailable(key, op, 1, 0, 1);
  }

  private void begin(String f, String key, Object value) {
    if (ctx == null) {
      throw new IllegalStateException("client has not started yet: run the simulation past its start first");
    }
    if (busy) {
      throw new IllegalStateException("client " + ctx.id() + " (process " + process
          + ") already has an operation outstanding; a process runs one at a time");
    }
    busy = true;
    listener.onInvoke(new OperationEvent(process, Type.INVOKE, f, key, value, ctx.now()));
  }

  private void end(Type type, String f, String key, Object value) {
    busy = false;
    listener.onComplete(new OperationEvent(process, type, f, key, value, ctx.now()));
  }
}
