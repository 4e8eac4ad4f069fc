package dev.caplab.examples.resilience.telemetryflood;

import dev.caplab.examples.resilience.telemetryflood.TelemetryMessage.Ack;
import dev.caplab.examples.resilience.telemetryflood.TelemetryMessage.Reading;
import dev.caplab.examples.resilience.telemetryflood.TelemetryMessage.TooManyRequests;
import dev.caplab.messaging.resilience.Admission;
import dev.caplab.messaging.resilience.LoadShedder;
import dev.caplab.messaging.resilience.LoadShedderConfig;
import dev.caplab.net.Envelope;
import dev.caplab.net.LatencyModel;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * An ingest server that decides at the door: every arriving reading first asks the {@link
 * LoadShedder}; a refused one is answered at once with 429 and a Retry-After, an admitted one joins
 * the server's own work queue, served by {@code workers} with the given service time. The shedder
 * must see requests before they queue, which is why this server keeps its queue itself instead of
 * leaving it to the node's {@code Capacity} (whose inbox is in front of the handler).
 *
 * <p>Not thread-safe, like every node.
 */
final class SheddingServer implements Node {

  private record Job(Envelope request, Reading reading, long arrivedAt) {}

  private final LoadShedderConfig config;
  private final int workers;
  private final LatencyModel serviceTime;
  private final FloodLedger ledger;
  private final ArrayDeque<Job> queue = new ArrayDeque<>();
  private LoadShedder shedder;
  private int busy;

  SheddingServer(LoadShedderConfig config, int workers, LatencyModel serviceTime, FloodLedger ledger) {
    this.config = Objects.requireNonNull(config, "config");
    this.workers = workers;
    this.serviceTime = Objects.requireNonNull(serviceTime, "serviceTime");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  @Override
  public void onStart(NodeContext ctx) {
    shedder = LoadShedder.of("ingest", config);
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope e) {
    if (!(e.message() instanceof Reading r)) {
      throw new IllegalArgumentException("the ingest server understands Reading, got " + e.message());
    }
    Admission a = shedder.admit(queue.size());
    if (a instanceof Admission.Shed s) {
      ledger.onShed();
      ctx.reply(e, new TooManyRequests(r.seq(), s.retryAfter().toNanos()));
      return;
    }
    queue.addLast(new Job(e, r, ctx.now()));
    work(ctx);
  }

  private void work(NodeContext ctx) {
    while (busy < workers && !queue.isEmpty()) {
      Job job = queue.pollFirst();
      busy++;
      ctx.schedule(Duration.ofNanos(serviceTime.sampleNanos(ctx.random())), () -> {
        busy--;
        Reading r = job.reading();
        ledger.stored(r.device(), r.seq(), r.createdAt(), ctx.now());
        shedder.onSuccess(ctx.now() - job.arrivedAt());
        ctx.reply(job.request(), new Ack(r.seq()));
        work(ctx);
      });
    }
  }

  /** Readings admitted and waiting for a worker. */
  int queued() {
    return queue.size();
  }

  /** The shedder's current (adaptive) concurrency limit. */
  int limit() {
    return shedder.limit();
  }
}
