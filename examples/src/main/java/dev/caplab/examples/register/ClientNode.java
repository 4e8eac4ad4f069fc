package dev.caplab.examples.register;

import dev.caplab.examples.register.RegisterMessage.Read;
import dev.caplab.examples.register.RegisterMessage.ReadOk;
import dev.caplab.examples.register.RegisterMessage.Write;
import dev.caplab.history.HistoryRecorder;
import dev.caplab.history.Op;
import dev.caplab.net.NodeId;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import java.time.Duration;
import java.util.Objects;

/**
 * A client that talks to one replica: it waits a random think time, then reads or writes (coin
 * flip) and waits for the answer before its next operation, so it has at most one outstanding
 * operation, as a history requires. Every operation is recorded into the shared {@link
 * HistoryRecorder} on the simulated clock: invoke when the request is sent, {@code ok} on the
 * reply, {@code info} on a timeout (the write may or may not have happened).
 *
 * <p>Written values are unique: {@code process * VALUE_STRIDE + n} for the client's n-th write
 * (n from 1), so a read's value names the write it saw (the staleness analysis needs that).
 *
 * <p>Not thread-safe, like every node.
 */
final class ClientNode implements Node {

  /** Spacing of the value ranges of the clients. */
  static final long VALUE_STRIDE = 1_000_000L;

  /**
   * What a client does.
   *
   * @param process its process number in the history
   * @param replica the replica it talks to
   * @param thinkMin least pause between operations
   * @param thinkMax greatest pause between operations
   * @param timeout how long it waits for an answer
   * @param until simulated time after which it starts no new operation
   */
  record Plan(int process, String replica, Duration thinkMin, Duration thinkMax, Duration timeout,
      Duration until) {}

  private final Plan plan;
  private final HistoryRecorder recorder;
  private long writes;

  ClientNode(Plan plan, HistoryRecorder recorder) {
    this.plan = Objects.requireNonNull(plan, "plan");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
  }

  @Override
  public void onStart(NodeContext ctx) {
    next(ctx);
  }

  @Override
  public void onMessage(NodeContext ctx, dev.caplab.net.Envelope envelope) {
    throw new IllegalArgumentException("a client receives only replies to its calls, got " + envelope.message());
  }

  private void next(NodeContext ctx) {
    long span = plan.thinkMax().toNanos() - plan.thinkMin().toNanos();
    Duration think = plan.thinkMin().plusNanos(span <= 0 ? 0 : ctx.random().nextLong(span + 1));
    ctx.schedule(think, () -> operate(ctx));
  }

  private void operate(NodeContext ctx) {
    if (ctx.now() >= plan.until().toNanos()) {
      return;
    }
    NodeId replica = ctx.node(plan.replica());
    if (ctx.random().nextBoolean()) {
      HistoryRecorder.Handle h = recorder.invoke(plan.process(), Op.Fn.READ, null, null, ctx.now());
      ctx.call(replica, new Read(), plan.timeout())
          .onReply(r -> {
            recorder.ok(h, ((ReadOk) r.message()).value(), ctx.now());
            next(ctx);
          })
          .onFailure(f -> {
            recorder.info(h, null, ctx.now());
            next(ctx);
          });
    } else {
      long value = plan.process() * VALUE_STRIDE + ++writes;
      HistoryRecorder.Handle h = recorder.invoke(plan.process(), Op.Fn.WRITE, null, value, ctx.now());
      ctx.call(replica, new Write(value), plan.timeout())
          .onReply(r -> {
            recorder.ok(h, value, ctx.now());
            next(ctx);
          })
          .onFailure(f -> {
            recorder.info(h, value, ctx.now());
            next(ctx);
          });
    }
  }
}
