package dev.caplab.examples.resilience.telemetryflood;

import dev.caplab.examples.resilience.telemetryflood.TelemetryMessage.Ack;
import dev.caplab.examples.resilience.telemetryflood.TelemetryMessage.Reading;
import dev.caplab.examples.resilience.telemetryflood.TelemetryMessage.TooManyRequests;
import dev.caplab.messaging.resilience.Retry;
import dev.caplab.messaging.resilience.RetryConfig;
import dev.caplab.messaging.resilience.RetryDecision;
import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import dev.caplab.node.CallFailure;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.node.Timer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A device that takes a reading every {@code readingEvery} and keeps it until the server
 * acknowledges it. Online, it sends one pending reading per {@code flushEvery} (50 times the
 * reading rate), so a backlog goes out as a burst. A timeout takes it offline: it keeps its
 * readings and probes the server with the oldest one (one probe at a time, with a short timeout,
 * a jittered pause between probes) until one is acknowledged. A 429 pauses its sending for the server's Retry-After or its own full-jitter
 * backoff, whichever is longer; a refusal without Retry-After ({@code Overloaded}) is simply sent
 * again at the next slot.
 *
 * <p>Not thread-safe, like every node.
 */
final class Device implements Node {

  private static final ShedException SHED = new ShedException();

  /** The server answered 429. */
  static final class ShedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ShedException() {
      super("429 too many requests", null, false, false);
    }
  }

  /**
   * What every device does.
   *
   * @param readingEvery time between two readings
   * @param flushEvery time between two sends while a backlog lasts
   * @param produceUntilNanos no readings after this time
   * @param callTimeout how long a send may wait for its acknowledgement
   * @param probeTimeout how long a probe waits for its acknowledgement
   * @param probeMin shortest wait before the next probe (the longest is twice that)
   * @param retryConfig backoff after a 429 (the wait is at least the Retry-After)
   */
  record Plan(Duration readingEvery, Duration flushEvery, long produceUntilNanos, Duration callTimeout,
      Duration probeTimeout, Duration probeMin, RetryConfig retryConfig) {
    Plan {
      Objects.requireNonNull(readingEvery, "readingEvery");
      Objects.requireNonNull(flushEvery, "flushEvery");
      Objects.requireNonNull(callTimeout, "callTimeout");
      Objects.requireNonNull(probeTimeout, "probeTimeout");
      Objects.requireNonNull(probeMin, "probeMin");
      Objects.requireNonNull(retryConfig, "retryConfig");
    }
  }

  private record Pending(int seq, long createdAt) {}

  private final int device;
  private final long phaseNanos;
  private final Plan plan;
  private final FloodLedger ledger;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private NodeId server;
  private Retry retry;
  private Retry.Context shedStreak;
  private int nextSeq;
  private boolean online = true;
  private boolean probing;
  private Timer flushTimer;
  private long pausedUntil;

  Device(int device, long phaseNanos, Plan plan, FloodLedger ledger) {
    this.device = device;
    this.phaseNanos = phaseNanos;
    this.plan = Objects.requireNonNull(plan, "plan");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  @Override
  public void onStart(NodeContext ctx) {
    server = ctx.node(TelemetryFlood.SERVER);
    retry = Retry.of("device", plan.retryConfig(), ctx.random());
    shedStreak = retry.context();
    ctx.schedule(Duration.ofNanos(phaseNanos), () -> read(ctx));
  }

  private void read(NodeContext ctx) {
    if (ctx.now() >= plan.produceUntilNanos()) {
      return;
    }
    pending.addLast(new Pending(nextSeq++, ctx.now()));
    ledger.produced(ctx.now());
    ensureFlushing(ctx);
    ctx.schedule(plan.readingEvery(), () -> read(ctx));
  }

  private void ensureFlushing(NodeContext ctx) {
    if (online && flushTimer == null && !pending.isEmpty()) {
      flushTimer = ctx.schedule(Duration.ofNanos(Math.max(0, pausedUntil - ctx.now())), () -> flush(ctx));
    }
  }

  private void flush(NodeContext ctx) {
    flushTimer = null;
    if (!online || pending.isEmpty()) {
      return;
    }
    if (ctx.now() < pausedUntil) {
      ensureFlushing(ctx);
      return;
    }
    send(ctx, pending.pollFirst(), false);
    if (!pending.isEmpty()) {
      flushTimer = ctx.schedule(plan.flushEvery(), () -> flush(ctx));
    }
  }

  private void send(NodeContext ctx, Pending p, boolean probe) {
    ctx.call(server, new Reading(device, p.seq(), p.createdAt()), probe ? plan.probeTimeout() : plan.callTimeout())
        .onReply(r -> {
          markOnline(); // any answer means the server is up
          if (r.message() instanceof Ack) {
            shedStreak.onSuccess();
            shedStreak = retry.context();
          } else if (r.message() instanceof TooManyRequests t) {
            pending.addFirst(p);
            RetryDecision d = shedStreak.onError(SHED, Duration.ofNanos(t.retryAfterNanos()));
            long wait = d instanceof RetryDecision.RetryIn in ? in.delayNanos() : t.retryAfterNanos();
            pausedUntil = Math.max(pausedUntil, ctx.now() + wait);
          } else {
            throw new IllegalStateException("unexpected answer to a reading: " + r.message());
          }
          ensureFlushing(ctx);
        })
        .onFailure(f -> {
          pending.addFirst(p);
          if (f == CallFailure.REJECTED) {
            markOnline(); // refused at a full inbox: the server is up; send it again at the next slot
            ensureFlushing(ctx);
          } else if (probe) {
            scheduleProbe(ctx);
          } else {
            goOffline(ctx);
          }
        });
  }

  private void markOnline() {
    online = true;
    probing = false;
  }

  private void goOffline(NodeContext ctx) {
    online = false;
    if (flushTimer != null) {
      flushTimer.cancel();
      flushTimer = null;
    }
    if (!probing) {
      probing = true;
      scheduleProbe(ctx);
    }
  }

  private void scheduleProbe(NodeContext ctx) {
    long min = plan.probeMin().toNanos();
    ctx.schedule(Duration.ofNanos(min + ctx.random().nextLong(min)), () -> {
      if (online || !probing) {
        return;
      }
      if (pending.isEmpty()) {
        scheduleProbe(ctx);
      } else {
        send(ctx, pending.pollFirst(), true);
      }
    });
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope envelope) {
    // a late acknowledgement of a reading that timed out: it is pending again and will be resent
  }

  /** Readings not yet acknowledged (some may be in flight). */
  int pendingReadings() {
    return pending.size();
  }
}
