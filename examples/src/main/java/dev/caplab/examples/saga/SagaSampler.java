package dev.caplab.examples.saga;

import dev.caplab.messaging.log.GroupConfig;
import dev.caplab.messaging.log.LogBroker;
import dev.caplab.messaging.log.PartitionedLog;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.report.Block;
import java.util.Arrays;

/**
 * Samples one checkout run's queues on the simulation's clock, as a monitoring system polls a
 * broker's and an orchestrator's metrics: the queue depth (the step requests the orchestrator sent
 * and has no answer to yet, or in the choreography the records each service's consumer group has
 * not yet consumed, summed over the groups), the sagas in flight, the sagas compensating, and the
 * sagas whose compensation is being retried. While the orchestrator or the broker is down there is
 * no queue-depth sample (a gap in the chart). It reads the nodes and the ledger and sends nothing,
 * so sampling does not change the run.
 *
 * <p>Not thread-safe: one simulation, one thread.
 */
final class SagaSampler {

  /** One sampled quantity: its points and the largest value seen. */
  static final class Series {
    private long[] times = new long[64];
    private double[] values = new double[64];
    private int n;
    private long peak;

    void add(long time, long value) {
      if (n == times.length) {
        times = Arrays.copyOf(times, n * 2);
        values = Arrays.copyOf(values, n * 2);
      }
      times[n] = time;
      values[n] = value;
      n++;
      peak = Math.max(peak, value);
    }

    /** The largest value sampled, 0 if none. */
    long peak() {
      return peak;
    }

    /** The last value sampled, 0 if none. */
    long last() {
      return n == 0 ? 0 : (long) values[n - 1];
    }

    /** How many samples. */
    int size() {
      return n;
    }

    Block.Line line(String label) {
      return new Block.Line(label, Arrays.copyOf(times, n), Arrays.copyOf(values, n));
    }
  }

  private final Cluster cluster;
  private final Variant variant;
  private final SagaLedger ledger;
  private final GroupConfig groups;
  private final Series queueDepth = new Series();
  private final Series inFlight = new Series();
  private final Series compensating = new Series();
  private final Series retryingCompensation = new Series();

  /** A sampler of {@code variant}'s run on {@code cluster}; {@code groups} is the broker's group config. */
  SagaSampler(Cluster cluster, Variant variant, SagaLedger ledger, GroupConfig groups) {
    this.cluster = cluster;
    this.variant = variant;
    this.ledger = ledger;
    this.groups = groups;
  }

  /** Takes one sample at the simulation's current time. */
  void sample() {
    long now = cluster.simulation().now();
    long depth = variant.orchestrated() ? pendingSteps() : consumerLag();
    if (depth >= 0) {
      queueDepth.add(now, depth);
    }
    inFlight.add(now, ledger.inFlight());
    compensating.add(now, ledger.compensating());
    retryingCompensation.add(now, ledger.retryingCompensation());
  }

  private long pendingSteps() {
    NodeId id = cluster.id(CheckoutSaga.ORCHESTRATOR);
    return cluster.isUp(id) && cluster.node(id) instanceof Orchestrator o ? o.pendingSteps() : -1;
  }

  private long consumerLag() {
    NodeId id = cluster.id(EventService.BROKER);
    if (!cluster.isUp(id) || !(cluster.node(id) instanceof LogBroker b) || b.log() == null) {
      return -1;
    }
    return consumerLag(b.log(), groups);
  }

  /**
   * The records of the checkout topic not yet consumed, summed over the orders service's and every
   * service's consumer group; a group that has not joined yet has consumed nothing. Reads the log
   * without creating a group.
   */
  static long consumerLag(PartitionedLog<Object, Object> log, GroupConfig groups) {
    long unread = log.logEndOffset(EventService.TOPIC, 0) - log.logStartOffset(EventService.TOPIC, 0);
    long lag = log.groups().contains(EventService.ORDERS)
        ? log.group(EventService.ORDERS, EventService.TOPIC, groups).totalLag() : unread;
    for (Service s : Service.values()) {
      lag += log.groups().contains(s.node()) ? log.group(s.node(), EventService.TOPIC, groups).totalLag() : unread;
    }
    return lag;
  }

  /** Step requests awaiting an answer (orchestrated), or records not yet consumed (choreography). */
  Series queueDepth() {
    return queueDepth;
  }

  /** Sagas placed and not yet terminal. */
  Series inFlight() {
    return inFlight;
  }

  /** Sagas compensating and not yet compensated. */
  Series compensating() {
    return compensating;
  }

  /** Sagas not yet terminal whose compensation failed or went unanswered and is being retried. */
  Series retryingCompensation() {
    return retryingCompensation;
  }
}
