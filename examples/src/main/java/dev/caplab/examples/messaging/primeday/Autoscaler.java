package dev.caplab.examples.messaging.primeday;

import dev.caplab.messaging.queue.QueueStats;
import dev.caplab.messaging.queue.broker.QueueBrokerNode;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.sim.Simulation;
import java.util.Arrays;

/**
 * The auto-scaling policy of the worker fleet, evaluated every {@link PrimeDayOrders#EVALUATE_EVERY}
 * from the metrics a monitoring system would collect: the queue's depth as the broker reports it,
 * or the fleet's CPU utilisation. It launches workers at once (each in service after {@link
 * PrimeDayOrders#BOOT_TIME}) and retires the surplus when no launch is pending.
 *
 * <ul>
 *   <li>{@link Policy#LAG}: one worker per {@link PrimeDayOrders#MESSAGES_PER_WORKER} messages
 *       waiting (the backlog-per-instance target of SQS-driven scaling);
 *   <li>{@link Policy#CPU}: target tracking on average utilisation, {@code ceil(inService *
 *       utilisation / target)}, as an EC2 group tracking CPU at {@link PrimeDayOrders#CPU_TARGET}.
 * </ul>
 *
 * <p>Not thread-safe: one simulation, one thread.
 */
final class Autoscaler {

  /** What the fleet is scaled on. */
  enum Policy {
    LAG,
    CPU
  }

  private final Simulation sim;
  private final Cluster cluster;
  private final NodeId broker;
  private final Fleet fleet;
  private final Policy policy;
  private long lastBusy;
  private long lastAt;
  private long[] times = new long[32];
  private double[] sizes = new double[32];
  private int n;
  private long workerNanos;
  private long lastSizeAt;
  private int lastSize;
  private int peak;

  Autoscaler(Simulation sim, Cluster cluster, NodeId broker, Fleet fleet, Policy policy) {
    this.sim = sim;
    this.cluster = cluster;
    this.broker = broker;
    this.fleet = fleet;
    this.policy = policy;
    this.lastSize = fleet.inService();
    this.peak = lastSize;
    record();
    sim.schedule(PrimeDayOrders.EVALUATE_EVERY, this::evaluate);
  }

  private void evaluate() {
    int current = fleet.desiredSoFar();
    int desired = current;
    if (policy == Policy.LAG) {
      if (cluster.isUp(broker) && cluster.node(broker) instanceof QueueBrokerNode b) {
        QueueStats q = b.service().queue(PrimeDayOrders.QUEUE).stats();
        long waiting = (long) q.visible() + q.delayed();
        desired = (int) Math.min(Integer.MAX_VALUE, ceilDiv(waiting, PrimeDayOrders.MESSAGES_PER_WORKER));
      }
    } else {
      long busy = fleet.busyNanos();
      long capacity = (sim.now() - lastAt) * (long) Math.max(1, fleet.inService());
      double utilisation = Math.min(1.0, (double) (busy - lastBusy) / capacity);
      lastBusy = busy;
      desired = (int) Math.ceil(fleet.inService() * utilisation / PrimeDayOrders.CPU_TARGET - 1e-9);
    }
    lastAt = sim.now();
    desired = Math.max(PrimeDayOrders.MIN_WORKERS, Math.min(fleet.max(), desired));
    for (int i = current; i < desired; i++) {
      int w = fleet.launch();
      sim.schedule(PrimeDayOrders.BOOT_TIME, () -> {
        fleet.booted(w);
        record();
      });
    }
    if (desired < current && fleet.desiredSoFar() == fleet.inService()) {
      for (int i = desired; i < current; i++) {
        fleet.retire();
      }
      record();
    }
    if (sim.now() + PrimeDayOrders.EVALUATE_EVERY.toNanos() <= PrimeDayOrders.RUN_UNTIL.toNanos()) {
      sim.schedule(PrimeDayOrders.EVALUATE_EVERY, this::evaluate);
    }
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /** Records the fleet's size now, as a step of the fleet series. */
  private void record() {
    long now = sim.now();
    workerNanos += (now - lastSizeAt) * lastSize;
    lastSizeAt = now;
    lastSize = fleet.inService();
    peak = Math.max(peak, lastSize);
    if (n == times.length) {
      times = Arrays.copyOf(times, n * 2);
      sizes = Arrays.copyOf(sizes, n * 2);
    }
    times[n] = now;
    sizes[n++] = lastSize;
  }

  long[] times() {
    return Arrays.copyOf(times, n);
  }

  double[] sizes() {
    return Arrays.copyOf(sizes, n);
  }

  int peak() {
    return peak;
  }

  /** Worker-seconds paid up to {@code end} (in nanoseconds of worker time). */
  long workerNanos(long end) {
    return workerNanos + (end - lastSizeAt) * lastSize;
  }
}
