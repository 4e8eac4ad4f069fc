package dev.caplab.workload;

import dev.caplab.history.HistoryRecorder;
import dev.caplab.history.Op;
import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import dev.caplab.node.CallFailure;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import java.time.Duration;

/**
 * One client of a {@link RegisterWorkload}: one operation at a time, a random pause between
 * them, every operation recorded as history process {@code process}. Not thread-safe: its node's
 * thread.
 */
final class RegisterClient implements Node {

  /** Writes of process p carry values p * VALUES_PER_CLIENT + n: unique across clients. */
  static final long VALUES_PER_CLIENT = 1_000_000_000L;

  private final RegisterWorkload workload;
  private final int process;
  private final String targetName;
  private final RegisterProtocol protocol;
  private final HistoryRecorder recorder;
  private NodeContext ctx;
  private NodeId target;

  RegisterClient(RegisterWorkload workload, int process, String target, RegisterProtocol protocol,
      HistoryRecorder recorder) {
    this.workload = workload;
    this.process = process;
    this.targetName = target;
    this.protocol = protocol;
    this.recorder = recorder;
  }

  @Override
  public void onStart(NodeContext ctx) {
    this.ctx = ctx;
    this.target = ctx.node(targetName);
    // A restarted client's crashed incarnation may have left an operation open: it may or may
    // not have taken effect.
    recorder.abandon(process, ctx.now());
    pause();
  }

  private void pause() {
    double mean = workload.meanPause().toNanos();
    long delay = Math.max(1, (long) (-mean * StrictMath.log(1 - ctx.random().nextDouble())));
    if (ctx.now() + delay < workload.until().toNanos()) {
      ctx.schedule(Duration.ofNanos(delay), this::operate);
    }
  }

  private void operate() {
    String key = workload.keys().get(ctx.random().nextInt(workload.keys().size()));
    boolean read = ctx.random().nextDouble() < workload.readFraction();
    if (read) {
      HistoryRecorder.Handle h = recorder.invoke(process, Op.Fn.READ, key, null, ctx.now());
      ctx.call(target, protocol.read(key), workload.timeout())
          .onReply(e -> {
            RegisterProtocol.Result r = protocol.result(e.message());
            if (r.ok()) {
              recorder.ok(h, r.value(), ctx.now());
            } else {
              recorder.fail(h, null, ctx.now());
            }
            pause();
          })
          .onFailure(f -> {
            recorder.fail(h, null, ctx.now()); // a read that got no answer changed nothing
            pause();
          });
    } else {
      long value = process * VALUES_PER_CLIENT + nextValue();
      HistoryRecorder.Handle h = recorder.invoke(process, Op.Fn.WRITE, key, value, ctx.now());
      ctx.call(target, protocol.write(key, value), workload.timeout())
          .onReply(e -> {
            if (protocol.result(e.message()).ok()) {
              recorder.ok(h, value, ctx.now());
            } else {
              recorder.fail(h, value, ctx.now());
            }
            pause();
          })
          .onFailure(f -> {
            if (f == CallFailure.TIMEOUT) {
              recorder.info(h, value, ctx.now()); // it may have taken effect
            } else {
              recorder.fail(h, value, ctx.now()); // refused at the door
            }
            pause();
          });
    }
  }

  /** The next value of this client; durable, so a restart never reuses one. */
  private long nextValue() {
    String k = "workload/next-value";
    Long last = (Long) ctx.storage().get(k);
    long next = (last == null ? 0 : last) + 1;
    ctx.storage().put(k, next);
    ctx.storage().sync();
    return next;
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope envelope) {
    // A reply that came after its call timed out: the operation was recorded already.
  }
}
