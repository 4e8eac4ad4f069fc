package dev.caplab.examples.resilience.telemetryflood;

import dev.caplab.examples.scenario.CombinedTrace;
import dev.caplab.examples.scenario.LegacyScenario;
import dev.caplab.examples.scenario.ScenarioResult;
import dev.caplab.examples.scenario.TextTable;
import dev.caplab.fault.Fault;
import dev.caplab.fault.FaultLog;
import dev.caplab.fault.FaultPlan;
import dev.caplab.fault.TimedFault;
import dev.caplab.messaging.resilience.Backoff;
import dev.caplab.messaging.resilience.LoadShedderConfig;
import dev.caplab.messaging.resilience.RetryConfig;
import dev.caplab.net.DropReason;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Capacity;
import dev.caplab.node.Cluster;
import dev.caplab.node.NodeOptions;
import dev.caplab.node.OverflowPolicy;
import dev.caplab.sim.Simulation;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Devices send telemetry to an ingest server that goes down for {@link #OUTAGE}; meanwhile every
 * device keeps its readings, and when the server is back they all flush their backlog at 50 times
 * the normal rate. The same flood meets three servers, each in its own simulation from the same
 * seed:
 *
 * <ul>
 *   <li>{@code shed429}: a {@code LoadShedder} (adaptive AIMD limit, bounded queue) answers 429
 *       with a Retry-After at the door; devices pause for at least that long, plus jitter;
 *   <li>{@code boundedQueue}: the node's inbox holds {@link #INBOX} readings and refuses the rest
 *       ({@code Overloaded}); devices resend at their next slot;
 *   <li>{@code unbounded}: the inbox has no bound, but the process has a memory limit: when more
 *       than {@link #MEMORY_LIMIT} readings wait, it dies (a {@code Fault.Crash}) and is restarted
 *       {@link #RESTART_DELAY} later, losing what it held.
 * </ul>
 *
 * <p>Stateless and thread-safe; each {@link #run} builds its own simulations.
 */
public final class TelemetryFlood implements LegacyScenario {

  /** The command-line name. */
  public static final String NAME = "telemetry-flood";

  static final String SERVER = "ingest";

  static final int DEVICES = 300;
  static final Duration READING_EVERY = Duration.ofSeconds(1);
  static final int BURST_FACTOR = 50;
  static final Duration FLUSH_EVERY = READING_EVERY.dividedBy(BURST_FACTOR);
  static final Duration DOWN_AT = Duration.ofSeconds(2);
  static final Duration OUTAGE = Duration.ofSeconds(20);
  static final Duration BACK_AT = DOWN_AT.plus(OUTAGE);
  static final Duration PRODUCE_UNTIL = Duration.ofSeconds(40);
  static final Duration RUN_UNTIL = Duration.ofSeconds(50);
  static final int WORKERS = 4;
  static final Duration SERVICE_TIME = Duration.ofMillis(1);
  static final Duration LINK_MEDIAN = Duration.ofMillis(5);
  static final double LINK_SIGMA = 0.4;
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
  static final Duration PROBE_TIMEOUT = Duration.ofMillis(200);
  static final Duration PROBE_MIN = Duration.ofMillis(100);
  static final Duration RETRY_AFTER = Duration.ofMillis(500);
  static final Duration DEVICE_BACKOFF_BASE = Duration.ofSeconds(1);
  static final Duration DEVICE_BACKOFF_CAP = Duration.ofSeconds(8);
  static final int SHED_QUEUE = 200;
  static final int INBOX = 200;
  static final int MEMORY_LIMIT = 2_000;
  static final Duration WATCHDOG_EVERY = Duration.ofMillis(5);
  static final Duration RESTART_DELAY = Duration.ofSeconds(3);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "after a 20s outage 300 devices flush their backlog at 50x: shed with 429, bound the queue, or crash?";
  }

  @Override
  public ScenarioResult run(long seed) {
    return execute(seed).result();
  }

  /** Runs every strategy and keeps the figures tests look at. */
  Outcome execute(long seed) {
    CombinedTrace trace = new CombinedTrace();
    Map<Strategy, Run> runs = new EnumMap<>(Strategy.class);
    for (Strategy s : Strategy.values()) {
      runs.put(s, run(seed, s, trace));
    }
    return new Outcome(seed, trace.hashHex(), trace.simulatedNanos(), runs);
  }

  /** What one server did with the flood; {@code faults} is the run's fault timeline. */
  record Run(Strategy strategy, long produced, long accepted, long duplicates, long shed, int crashes,
      long lostInCrashes, long drainNanos, long backlogAtEnd, long peakQueue, List<TimedFault> faults) {

    boolean drained() {
      return drainNanos >= 0;
    }
  }

  static Run run(long seed, Strategy strategy) {
    return run(seed, strategy, new CombinedTrace());
  }

  private static Run run(long seed, Strategy strategy, CombinedTrace trace) {
    Simulation sim = Simulation.withSeed(seed);
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(
        LinkProfile.custom().latency(LatencyModel.logNormal(LINK_MEDIAN, LINK_SIGMA)).build());
    FloodLedger ledger = new FloodLedger(DEVICES, BACK_AT.toNanos());
    LatencyModel service = LatencyModel.constant(SERVICE_TIME);
    NodeId server = switch (strategy) {
      case SHED_429 -> {
        LoadShedderConfig shed = LoadShedderConfig.custom()
            .maxConcurrentCalls(100).adaptive(true).minLimit(WORKERS).maxLimit(400)
            .latencyTarget(Duration.ofMillis(50)).maxQueueLength(SHED_QUEUE).retryAfter(RETRY_AFTER).build();
        yield cluster.add(SERVER, () -> new SheddingServer(shed, WORKERS, service, ledger));
      }
      case BOUNDED_QUEUE -> cluster.add(SERVER, NodeOptions.custom().capacity(Capacity.custom()
          .serviceTime(service).concurrency(WORKERS).inboxCapacity(INBOX).overflow(OverflowPolicy.REJECT).build())
          .build(), () -> new PlainServer(ledger));
      case UNBOUNDED -> cluster.add(SERVER, NodeOptions.custom().capacity(Capacity.custom()
          .serviceTime(service).concurrency(WORKERS).build()).build(), () -> new PlainServer(ledger));
    };
    RandomGenerator workload = sim.random("workload");
    RetryConfig deviceRetry = RetryConfig.custom().maxAttempts(Integer.MAX_VALUE)
        .backoff(Backoff.fullJitter(DEVICE_BACKOFF_BASE, DEVICE_BACKOFF_CAP)).build();
    Device.Plan plan = new Device.Plan(READING_EVERY, FLUSH_EVERY, PRODUCE_UNTIL.toNanos(), CALL_TIMEOUT,
        PROBE_TIMEOUT, PROBE_MIN, deviceRetry);
    for (int i = 0; i < DEVICES; i++) {
      int device = i;
      long phase = workload.nextLong(READING_EVERY.toNanos());
      cluster.add("device" + i, () -> new Device(device, phase, plan, ledger));
    }
    FaultLog faults = FaultLog.of(cluster);
    long[] droppedBeforeBack = new long[1];
    // The outage's end: a restart sends and drops nothing itself, so this counts up to that instant.
    faults.onApplied(applied -> {
      if (applied.at().equals(BACK_AT) && applied.fault() instanceof Fault.Restart) {
        droppedBeforeBack[0] = cluster.stats().dropped(DropReason.CRASH);
      }
    });
    FaultPlan.builder().crash(DOWN_AT, SERVER).restart(BACK_AT, SERVER).build().schedule(faults);
    Watchdog watchdog = new Watchdog(sim, faults, server, strategy == Strategy.UNBOUNDED);
    sim.scheduleAt(WATCHDOG_EVERY.toNanos(), watchdog::check);
    sim.runFor(RUN_UNTIL);
    trace.add(sim);
    long lost = cluster.stats().dropped(DropReason.CRASH) - droppedBeforeBack[0];
    long shed = strategy == Strategy.BOUNDED_QUEUE ? cluster.stats().dropped(DropReason.INBOX_OVERFLOW) : ledger.shed();
    return new Run(strategy, ledger.produced(), ledger.accepted(), ledger.duplicates(), shed, watchdog.crashes,
        lost, ledger.drainNanos(), ledger.backlog(), watchdog.peak, faults.entries());
  }

  /**
   * Samples the server's waiting readings every {@link #WATCHDOG_EVERY}; with a memory limit it
   * plays the out-of-memory killer: above {@link #MEMORY_LIMIT} waiting readings the server dies,
   * and its supervisor restarts it {@link #RESTART_DELAY} later. These faults are reactions, not a
   * plan, and go on the run's fault timeline next to the planned outage.
   */
  private static final class Watchdog {
    private final Simulation sim;
    private final FaultLog faults;
    private final Cluster cluster;
    private final NodeId server;
    private final boolean memoryLimit;
    int crashes;
    long peak;

    Watchdog(Simulation sim, FaultLog faults, NodeId server, boolean memoryLimit) {
      this.sim = sim;
      this.faults = faults;
      this.cluster = faults.cluster();
      this.server = server;
      this.memoryLimit = memoryLimit;
    }

    void check() {
      if (cluster.isUp(server)) {
        int waiting = cluster.node(server) instanceof SheddingServer s ? s.queued() : cluster.inboxDepth(server);
        peak = Math.max(peak, waiting);
        if (memoryLimit && waiting > MEMORY_LIMIT) {
          crashes++;
          faults.apply(new Fault.Crash(server.name()));
          sim.schedule(RESTART_DELAY, () -> faults.apply(new Fault.Restart(server.name())));
        }
      }
      if (sim.now() + WATCHDOG_EVERY.toNanos() < RUN_UNTIL.toNanos()) {
        sim.schedule(WATCHDOG_EVERY, this::check);
      }
    }
  }

  /** Everything one run measured; {@link #result()} turns it into metrics, checks and text. */
  record Outcome(long seed, String traceHash, long simulatedNanos, Map<Strategy, Run> runs) {

    ScenarioResult result() {
      Map<String, ScenarioResult.Check> checks = new LinkedHashMap<>();
      Run shed = runs.get(Strategy.SHED_429);
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("crashed", shed.crashes());
      d.put("drainMillis", shed.drained() ? millis(shed.drainNanos()) : null);
      checks.put("sheddingDrainsWithoutCrashing", new ScenarioResult.Check(shed.drained() && shed.crashes() == 0, d));
      Run unbounded = runs.get(Strategy.UNBOUNDED);
      Map<String, Object> u = new LinkedHashMap<>();
      u.put("crashed", unbounded.crashes());
      u.put("peakQueue", unbounded.peakQueue());
      u.put("memoryLimit", MEMORY_LIMIT);
      checks.put("unboundedQueueCrashes", new ScenarioResult.Check(unbounded.crashes() > 0, u));
      return new ScenarioResult(NAME, seed, traceHash, simulatedNanos, metrics(), checks, summary());
    }

    private Map<String, Object> metrics() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("devices", DEVICES);
      m.put("outageMillis", millis(OUTAGE.toNanos()));
      m.put("burstFactor", BURST_FACTOR);
      for (Strategy s : Strategy.values()) {
        Run r = runs.get(s);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("accepted", r.accepted());
        o.put("shed", r.shed());
        o.put("crashed", r.crashes());
        o.put("drainMillis", r.drained() ? millis(r.drainNanos()) : null);
        o.put("produced", r.produced());
        o.put("duplicates", r.duplicates());
        o.put("lostInCrashes", r.lostInCrashes());
        o.put("backlogAtEnd", r.backlogAtEnd());
        o.put("peakQueue", r.peakQueue());
        m.put(s.key(), o);
      }
      return m;
    }

    private String summary() {
      StringBuilder s = new StringBuilder();
      s.append(NAME).append(" (seed ").append(seed).append(")\n\n");
      s.append(String.format(Locale.ROOT,
          "%d devices each send a reading every %s to an ingest server that can store about%n",
          DEVICES, Durations.exact(READING_EVERY)));
      s.append(String.format(Locale.ROOT,
          "%.0f/s (%d workers, %s each), %.0fx the normal load. The server is down from %s%n",
          WORKERS * 1e9 / SERVICE_TIME.toNanos(), WORKERS, Durations.exact(SERVICE_TIME),
          WORKERS * 1e9 / SERVICE_TIME.toNanos() / (DEVICES * 1e9 / READING_EVERY.toNanos()), Durations.exact(DOWN_AT)));
      s.append(String.format(Locale.ROOT,
          "to %s; the devices keep their readings (about %d in all) and, once a probe gets%n",
          Durations.exact(BACK_AT), DEVICES * OUTAGE.toNanos() / READING_EVERY.toNanos()));
      s.append(String.format(Locale.ROOT,
          "through, send them at %dx the normal rate (one every %s). Readings stop at %s.%n%n",
          BURST_FACTOR, Durations.exact(FLUSH_EVERY), Durations.exact(PRODUCE_UNTIL)));
      s.append("What happened\n");
      for (Strategy st : Strategy.values()) {
        Run r = runs.get(st);
        s.append(String.format(Locale.ROOT, "- %s (%s):%n", st.key(), st.description()));
        if (r.crashes() > 0) {
          s.append(String.format(Locale.ROOT,
              "  crashed %s when more than %d readings waited in memory; %d messages died%n",
              r.crashes() == 1 ? "once" : r.crashes() + " times", MEMORY_LIMIT, r.lostInCrashes()));
          s.append(String.format(Locale.ROOT, "  with it and had to be sent again; "));
        } else {
          s.append(String.format(Locale.ROOT, "  never crashed; "));
        }
        if (r.drained()) {
          s.append(String.format(Locale.ROOT, "the backlog was stored %s after the server came back.%n",
              Durations.human(r.drainNanos())));
        } else {
          s.append(String.format(Locale.ROOT, "the backlog was NOT stored by %s (%d readings still waiting).%n",
              Durations.exact(RUN_UNTIL), r.backlogAtEnd()));
        }
        if (r.shed() > 0) {
          s.append(String.format(Locale.ROOT, "  It turned away %d sends (%.0f%% as many as the readings it stored).%n",
              r.shed(), 100.0 * r.shed() / Math.max(1, r.accepted())));
        }
      }
      Run shed = runs.get(Strategy.SHED_429);
      Run bounded = runs.get(Strategy.BOUNDED_QUEUE);
      s.append(String.format(Locale.ROOT,
          "- Shedding answers at the door and says when to come back: devices wait, so it%n"));
      s.append(String.format(Locale.ROOT,
          "  turned away %.0fx fewer sends than the bounded queue, whose devices only hear%n",
          (double) bounded.shed() / Math.max(1, shed.shed())));
      if (shed.drained() && bounded.drained() && shed.drainNanos() > bounded.drainNanos()) {
        s.append(String.format(Locale.ROOT,
            "  \"full\" and keep knocking. The price: while devices wait out Retry-After the%n"));
        s.append(String.format(Locale.ROOT, "  server is sometimes idle, so the backlog took %s instead of %s.%n",
            Durations.human(shed.drainNanos()), Durations.human(bounded.drainNanos())));
      } else {
        s.append(String.format(Locale.ROOT, "  \"full\" and keep knocking.%n"));
      }
      s.append(String.format(Locale.ROOT,
          "- Both bounded designs survive. The unbounded queue grows faster than it drains%n"));
      s.append(String.format(Locale.ROOT,
          "  until the process dies, and everything it held has to be sent again.%n%n"));
      TextTable t = new TextTable("server", "accepted", "shed", "crashed", "drained after", "duplicates",
          "lost in crashes", "peak queue");
      for (Strategy st : Strategy.values()) {
        Run r = runs.get(st);
        t.row(st.key(), r.accepted(), r.shed(), r.crashes(),
            r.drained() ? Durations.human(r.drainNanos()) : "never", r.duplicates(), r.lostInCrashes(), r.peakQueue());
      }
      s.append(t.render()).append('\n');
      s.append("trace hash ").append(traceHash).append(" (all runs combined)\n");
      s.append("re-run with --seed ").append(seed).append(" to reproduce\n");
      return s.toString();
    }
  }

  static double millis(long nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }
}
