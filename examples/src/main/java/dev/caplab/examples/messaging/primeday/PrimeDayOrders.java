package dev.caplab.examples.messaging.primeday;

import dev.caplab.examples.messaging.QueueSampler;
import dev.caplab.examples.scenario.Arrivals;
import dev.caplab.examples.scenario.Scenario;
import dev.caplab.examples.scenario.ScenarioRun;
import dev.caplab.examples.scenario.VariantKey;
import dev.caplab.fault.FaultLog;
import dev.caplab.fault.FaultPlan;
import dev.caplab.messaging.queue.MessageQueue;
import dev.caplab.messaging.queue.QueueConfig;
import dev.caplab.messaging.queue.QueueStats;
import dev.caplab.messaging.queue.ReceivedMessage;
import dev.caplab.messaging.queue.RedrivePolicy;
import dev.caplab.messaging.queue.broker.QueueBrokerNode;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.sim.Simulation;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Prime Day: orders arrive at {@link #BASE_RATE} a second, then at {@link #SPIKE_RATE} for {@link
 * #SPIKE_LENGTH}, and the storefront puts each one on a queue of a simulated broker and answers
 * "order received" at once; a fleet of workers (each bounded by its CPU) processes the queue. The
 * same orders meet two auto-scaling policies, each in a simulation of its own from the same seed:
 *
 * <ul>
 *   <li>{@code lagScaled}: workers scaled on the queue's depth (a backlog per worker);
 *   <li>{@code cpuScaled}: workers scaled on average CPU utilisation (target tracking).
 * </ul>
 *
 * <p>Malformed orders (one in {@link #MALFORMED_EVERY}) go to the dead-letter queue with their
 * reason; the network loses and duplicates a little, and one worker crashes during the spike, so
 * its batch comes back after the visibility timeout. Stateless and thread-safe.
 */
public final class PrimeDayOrders implements Scenario {

  /** The command-line name. */
  public static final String NAME = "prime-day-orders";

  static final String BROKER = "broker";
  static final String QUEUE = "orders";
  static final String DLQ = "orders-dlq";
  static final double BASE_RATE = 30;
  static final double SPIKE_RATE = 300;
  static final Duration SPIKE_AT = Duration.ofSeconds(10);
  static final Duration SPIKE_LENGTH = Duration.ofSeconds(30);
  static final Duration SPIKE_END = SPIKE_AT.plus(SPIKE_LENGTH);
  static final Duration ORDERS_UNTIL = Duration.ofSeconds(90);
  static final Duration RUN_UNTIL = Duration.ofSeconds(150);
  static final int MALFORMED_EVERY = 500;
  static final Duration PROCESS_TIME = Duration.ofMillis(30);
  static final int BATCH = 10;
  static final Duration IDLE_WAIT = Duration.ofMillis(100);
  static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(10);
  static final Duration CALL_TIMEOUT = Duration.ofMillis(200);
  static final int MAX_RECEIVE_COUNT = 5;
  static final int MIN_WORKERS = 2;
  static final int MAX_WORKERS = 16;
  static final Duration BOOT_TIME = Duration.ofSeconds(5);
  static final Duration EVALUATE_EVERY = Duration.ofSeconds(10);
  static final long MESSAGES_PER_WORKER = 100;
  static final double CPU_TARGET = 0.6;
  static final String CRASHED_WORKER = "worker1";
  static final Duration WORKER_CRASH_AT = Duration.ofSeconds(25);
  static final Duration WORKER_BACK_AT = Duration.ofSeconds(27);
  static final Duration SAMPLE_EVERY = Duration.ofMillis(500);
  static final Duration RATE_WINDOW = Duration.ofSeconds(1);
  static final double LOSS = 0.005;
  static final double DUPLICATION = 0.005;

  /** The scaling policies compared. */
  enum Variant implements VariantKey {
    LAG_SCALED("lagScaled", Autoscaler.Policy.LAG, "scaled on queue depth, one worker per "
        + MESSAGES_PER_WORKER + " waiting"),
    CPU_SCALED("cpuScaled", Autoscaler.Policy.CPU, "scaled on CPU, target " + Math.round(100 * CPU_TARGET) + "%");

    private final String key;
    private final Autoscaler.Policy policy;
    private final String description;

    Variant(String key, Autoscaler.Policy policy, String description) {
      this.key = key;
      this.policy = policy;
      this.description = description;
    }

    @Override
    public String key() {
      return key;
    }

    String description() {
      return description;
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "a 10x order spike buffered by a queue: workers scaled on queue depth vs on CPU, backlog and drain time";
  }

  @Override
  public String question() {
    return "Orders jump tenfold for 30 seconds and a queue absorbs the spike. How far does the backlog grow, and how"
        + " soon does it drain when the workers are scaled on the queue's depth rather than on their CPU?";
  }

  @Override
  public List<String> variants() {
    return VariantKey.keysOf(Variant.values());
  }

  @Override
  public void run(ScenarioRun run) {
    Map<Variant, Run> runs = run.eachVariant(Variant.class, (sim, v) -> run(sim, v));
    new PrimeDayReport(runs).fill(run);
  }

  /**
   * One policy's run; {@code deadLettered} maps each dead-lettered body to its reason, {@code
   * oldest} is the age of the oldest waiting order per sample.
   */
  record Run(Variant variant, OrderLedger ledger, long[] arrivals, QueueStats source, QueueStats dlq,
      Map<String, String> deadLettered, QueueSampler sampler, Autoscaler scaler, long[] oldestTimes,
      double[] oldest, FaultLog faults) {}

  /** The order arrival times: base rate, the spike, base rate again. */
  static long[] arrivals(RandomGenerator random) {
    long[] base1 = Arrivals.poisson(random, BASE_RATE, 1).until(SPIKE_AT.toNanos());
    long[] spike = Arrivals.poisson(random, SPIKE_RATE, 1).until(SPIKE_LENGTH.toNanos());
    long[] base2 = Arrivals.poisson(random, BASE_RATE, 1).until(ORDERS_UNTIL.minus(SPIKE_END).toNanos());
    long[] all = new long[base1.length + spike.length + base2.length];
    System.arraycopy(base1, 0, all, 0, base1.length);
    for (int i = 0; i < spike.length; i++) {
      all[base1.length + i] = SPIKE_AT.toNanos() + spike[i];
    }
    for (int i = 0; i < base2.length; i++) {
      all[base1.length + spike.length + i] = SPIKE_END.toNanos() + base2[i];
    }
    return all;
  }

  private static Run run(Simulation sim, Variant variant) {
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(LinkProfile.custom()
        .latency(LatencyModel.uniform(Duration.ofMillis(1), Duration.ofMillis(5)))
        .loss(LOSS).duplication(DUPLICATION).build());
    Map<String, QueueConfig> queues = new LinkedHashMap<>();
    queues.put(DLQ, QueueConfig.ofDefaults());
    queues.put(QUEUE, QueueConfig.custom().redrivePolicy(RedrivePolicy.of(DLQ, MAX_RECEIVE_COUNT)).build());
    NodeId broker = cluster.add(BROKER, () -> new QueueBrokerNode(queues));
    long[] arrivals = arrivals(sim.random("orders"));
    OrderLedger ledger = new OrderLedger(arrivals.length);
    cluster.add("storefront", () -> new Storefront(BROKER, QUEUE, arrivals, CALL_TIMEOUT, ledger));
    Fleet fleet = new Fleet(MAX_WORKERS, MIN_WORKERS);
    for (int i = 0; i < MAX_WORKERS; i++) {
      int index = i;
      cluster.add("worker" + i, () -> new Worker(BROKER, QUEUE, index, fleet, ledger));
    }
    FaultLog faults = FaultLog.of(cluster);
    FaultPlan.builder().crash(WORKER_CRASH_AT, CRASHED_WORKER).restart(WORKER_BACK_AT, CRASHED_WORKER).build()
        .schedule(faults);
    Autoscaler scaler = new Autoscaler(sim, cluster, broker, fleet, variant.policy);
    QueueSampler sampler = QueueSampler.start(cluster, broker, QUEUE, DLQ, SAMPLE_EVERY, RUN_UNTIL);
    int samples = (int) (RUN_UNTIL.toNanos() / SAMPLE_EVERY.toNanos()) + 1;
    long[] oldestTimes = new long[samples];
    double[] oldest = new double[samples];
    for (int i = 0; i < samples; i++) {
      int s = i;
      sim.scheduleAt(i * SAMPLE_EVERY.toNanos(), () -> {
        oldestTimes[s] = sim.now();
        oldest[s] = ledger.ageOfOldest(sim.now());
      });
    }
    sim.runFor(RUN_UNTIL);
    QueueBrokerNode b = cluster.node(broker, QueueBrokerNode.class);
    Map<String, String> deadLettered = new LinkedHashMap<>();
    MessageQueue dlq = b.service().queue(DLQ);
    QueueStats dlqStats = dlq.stats();
    for (List<ReceivedMessage> got = dlq.receive(10); !got.isEmpty(); got = dlq.receive(10)) {
      got.forEach(m -> deadLettered.put(m.body(), m.deadLetter().reason()));
    }
    return new Run(variant, ledger, arrivals, b.service().queue(QUEUE).stats(), dlqStats, deadLettered, sampler,
        scaler, oldestTimes, oldest, faults);
  }

  /** Counts per {@link #RATE_WINDOW} of the given times (ignoring negatives), as a chart line. */
  static double[] perWindow(long[] times, int windows) {
    double[] counts = new double[windows];
    for (long t : times) {
      if (t >= 0) {
        int w = (int) (t / RATE_WINDOW.toNanos());
        if (w < windows) {
          counts[w]++;
        }
      }
    }
    return counts;
  }

  static long[] windowStarts(int windows) {
    long[] t = new long[windows];
    Arrays.setAll(t, i -> i * RATE_WINDOW.toNanos());
    return t;
  }

  static String human(Duration d) {
    return Durations.human(d.toNanos());
  }
}
