package dev.caplab.examples.messaging;

import dev.caplab.messaging.queue.QueueStats;
import dev.caplab.messaging.queue.broker.QueueBrokerNode;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.report.Block;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.Arrays;

/**
 * Samples one queue of a {@link QueueBrokerNode} and its dead-letter queue every {@code every} on
 * the simulation's clock, as a monitoring system polls a broker's metrics: messages waiting
 * (visible or delayed), messages in flight, and messages in the dead-letter queue. While the
 * broker is down there is no sample (a gap in the chart). It reads the broker's queues directly
 * and sends nothing, so sampling does not change the run.
 *
 * <p>Not thread-safe: one simulation, one thread.
 */
public final class QueueSampler {

  private final Simulation sim;
  private final Cluster cluster;
  private final NodeId broker;
  private final String queue;
  private final String deadLetterQueue;
  private final long every;
  private final long until;
  private long[] times = new long[64];
  private double[] waiting = new double[64];
  private double[] inFlight = new double[64];
  private double[] dead = new double[64];
  private int n;
  private long peakWaiting;

  private QueueSampler(Simulation sim, Cluster cluster, NodeId broker, String queue, String deadLetterQueue,
      Duration every, Duration until) {
    this.sim = sim;
    this.cluster = cluster;
    this.broker = broker;
    this.queue = queue;
    this.deadLetterQueue = deadLetterQueue;
    this.every = every.toNanos();
    this.until = until.toNanos();
  }

  /**
   * Starts sampling {@code queue} (and {@code deadLetterQueue}, or null for none) at time 0 and
   * every {@code every} until {@code until}.
   */
  public static QueueSampler start(Cluster cluster, NodeId broker, String queue, String deadLetterQueue,
      Duration every, Duration until) {
    QueueSampler s = new QueueSampler(cluster.simulation(), cluster, broker, queue, deadLetterQueue, every, until);
    s.sim.scheduleAt(0, s::sample);
    return s;
  }

  private void sample() {
    if (cluster.isUp(broker) && cluster.node(broker) instanceof QueueBrokerNode b && b.service() != null) {
      QueueStats q = b.service().queue(queue).stats();
      if (n == times.length) {
        times = Arrays.copyOf(times, n * 2);
        waiting = Arrays.copyOf(waiting, n * 2);
        inFlight = Arrays.copyOf(inFlight, n * 2);
        dead = Arrays.copyOf(dead, n * 2);
      }
      times[n] = sim.now();
      long w = (long) q.visible() + q.delayed();
      waiting[n] = w;
      inFlight[n] = q.inFlight();
      dead[n] = deadLetterQueue == null ? 0 : b.service().queue(deadLetterQueue).stats().held();
      peakWaiting = Math.max(peakWaiting, w);
      n++;
    }
    if (sim.now() + every <= until) {
      sim.schedule(Duration.ofNanos(every), this::sample);
    }
  }

  /** The waiting messages (visible or delayed), as a chart line. */
  public Block.Line waiting(String label) {
    return new Block.Line(label, Arrays.copyOf(times, n), Arrays.copyOf(waiting, n));
  }

  /** The messages in flight (received, not yet deleted or visible again). */
  public Block.Line inFlight(String label) {
    return new Block.Line(label, Arrays.copyOf(times, n), Arrays.copyOf(inFlight, n));
  }

  /** The messages in the dead-letter queue. */
  public Block.Line deadLettered(String label) {
    return new Block.Line(label, Arrays.copyOf(times, n), Arrays.copyOf(dead, n));
  }

  /** The most messages seen waiting in one sample. */
  public long peakWaiting() {
    return peakWaiting;
  }
}
