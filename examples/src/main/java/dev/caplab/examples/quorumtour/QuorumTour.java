package dev.caplab.examples.quorumtour;

import dev.caplab.examples.quorum.MixedWorkload;
import dev.caplab.examples.scenario.LegacyScenario;
import dev.caplab.examples.scenario.ScenarioResult;
import dev.caplab.examples.scenario.TextTable;
import dev.caplab.fault.FaultPlan;
import dev.caplab.replication.pbs.PbsProfile;
import dev.caplab.replication.quorum.Consistency;
import dev.caplab.replication.quorum.QuorumConfig;
import dev.caplab.replication.quorum.ReadOptions;
import dev.caplab.replication.quorum.WriteOptions;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The same workload at ONE, QUORUM and ALL (N=3, reads and writes at the same level), with a
 * partition in the middle that cuts one replica and its client off from the rest.
 *
 * <p>What it teaches (PACELC in numbers): else (no partition) the choice is latency against
 * consistency: ONE answers fastest and returns stale values, ALL is slowest. If partitioned, the
 * choice is availability against consistency: ONE keeps answering on both sides and the cut-off
 * side serves stale values, QUORUM keeps the majority side available and refuses the minority, ALL
 * refuses everyone; QUORUM and ALL never return a stale value (no sloppy quorum).
 *
 * <p>Setup: store nodes n0, n1, n2 and clients c0, c1, c2 (client ci coordinates through ni), LNKD-DISK
 * latencies (slow, heavy-tailed disk writes), 2 keys, half reads, each client thinking up to
 * {@link #MAX_THINK} between operations until {@link #RUN_UNTIL}. At {@link #PARTITION_AT} the
 * network splits into {n0, n1, c0, c1} | {n2, c2}; at {@link #HEAL_AT} it heals. The three levels
 * run as three simulations from the same seed, so they see the same latencies draws and faults; the
 * trace hash combines the three, and simulatedNanos is their sum.
 *
 * <p>Stateless and thread-safe; each {@link #run} builds its own simulations.
 */
public final class QuorumTour implements LegacyScenario {

  /** The command-line name. */
  public static final String NAME = "quorum-tour";

  static final Duration PARTITION_AT = Duration.ofSeconds(1);
  static final Duration HEAL_AT = Duration.ofSeconds(2);
  static final Duration RUN_UNTIL = Duration.ofSeconds(3);
  static final Duration MAX_THINK = Duration.ofMillis(4);
  /** A refused request fails after this long (short, so a refused client still tries often). */
  static final Duration REQUEST_TIMEOUT = Duration.ofMillis(100);
  static final List<Consistency> LEVELS = List.of(Consistency.ONE, Consistency.QUORUM, Consistency.ALL);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "ONE, QUORUM and ALL through a partition: latency, stale reads and unavailability side by side (PACELC)";
  }

  @Override
  public ScenarioResult run(long seed) {
    Map<Consistency, MixedWorkload.Result> results = new LinkedHashMap<>();
    long hash = 0;
    long nanos = 0;
    for (Consistency level : LEVELS) {
      MixedWorkload.Result r = workload(seed, level).run();
      results.put(level, r);
      hash = Long.rotateLeft(hash, 21) ^ r.traceHash();
      nanos += r.simulatedNanos();
    }
    Map<Consistency, MixedWorkload.Stats> all = new LinkedHashMap<>();
    Map<Consistency, MixedWorkload.Stats> during = new LinkedHashMap<>();
    results.forEach((level, r) -> {
      all.put(level, r.stats());
      during.put(level, r.stats(PARTITION_AT.toNanos(), HEAL_AT.toNanos()));
    });
    Map<String, Object> metrics = new LinkedHashMap<>();
    for (Consistency level : LEVELS) {
      MixedWorkload.Stats s = all.get(level);
      MixedWorkload.Stats p = during.get(level);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("readP50Millis", millis(s.readLatency().p50()));
      m.put("readP99Millis", millis(s.readLatency().p99()));
      m.put("writeP99Millis", millis(s.writeLatency().p99()));
      m.put("stalePct", round(s.stalePct()));
      m.put("unavailablePct", round(s.unavailablePct()));
      m.put("ops", s.ops());
      m.put("staleReads", s.staleReads());
      m.put("stalePctDuringPartition", round(p.stalePct()));
      m.put("unavailablePctDuringPartition", round(p.unavailablePct()));
      metrics.put(level.name().toLowerCase(Locale.ROOT), m);
    }
    Map<String, ScenarioResult.Check> checks = new LinkedHashMap<>();
    checks.put("quorumNoStaleReads", noStale(all.get(Consistency.QUORUM)));
    checks.put("allNoStaleReads", noStale(all.get(Consistency.ALL)));
    MixedWorkload.Stats onePartition = during.get(Consistency.ONE);
    checks.put("oneStaleDuringPartition", new ScenarioResult.Check(onePartition.staleReads() > 0,
        Map.of("staleReadsDuringPartition", onePartition.staleReads())));
    double u1 = during.get(Consistency.ONE).unavailablePct();
    double uq = during.get(Consistency.QUORUM).unavailablePct();
    double ua = during.get(Consistency.ALL).unavailablePct();
    Map<String, Object> order = new LinkedHashMap<>();
    order.put("one", round(u1));
    order.put("quorum", round(uq));
    order.put("all", round(ua));
    checks.put("unavailabilityGrowsWithLevelDuringPartition", new ScenarioResult.Check(u1 < uq && uq < ua, order));
    return new ScenarioResult(NAME, seed, String.format(Locale.ROOT, "%016x", hash), nanos, metrics, checks,
        summary(seed, all, during, checks));
  }

  static MixedWorkload workload(long seed, Consistency level) {
    return MixedWorkload.builder().seed(seed).nodes(3, 3)
        .config(QuorumConfig.custom().replicationFactor(3).requestTimeout(REQUEST_TIMEOUT)
            .replicaTimeout(REQUEST_TIMEOUT.dividedBy(2)).build())
        .options(ReadOptions.of(level), WriteOptions.of(level))
        .profile(PbsProfile.byName("LNKD-DISK")).keys(2).readFraction(0.5).maxThink(MAX_THINK).until(RUN_UNTIL)
        .faults(FaultPlan.builder()
            .partition(PARTITION_AT, List.of("n0", "n1", "c0", "c1"), List.of("n2", "c2"))
            .heal(HEAL_AT).build())
        .build();
  }

  private static ScenarioResult.Check noStale(MixedWorkload.Stats s) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("staleReads", s.staleReads());
    d.put("reads", s.okReads());
    return new ScenarioResult.Check(s.staleReads() == 0, d);
  }

  private static String summary(long seed, Map<Consistency, MixedWorkload.Stats> all,
      Map<Consistency, MixedWorkload.Stats> during, Map<String, ScenarioResult.Check> checks) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "quorum-tour (seed %d): N=3 replicas n0..n2, clients c0..c2 each through its"
        + " own node, LNKD-DISK latencies.%n", seed));
    s.append(String.format(Locale.ROOT, "The same workload runs three times, reads and writes at ONE, QUORUM, ALL. At"
        + " %s the network splits {n0,n1,c0,c1} | {n2,c2}; at %s it heals; at %s it ends.%n%n",
        Durations.exact(PARTITION_AT), Durations.exact(HEAL_AT), Durations.exact(RUN_UNTIL)));
    TextTable t = new TextTable("level", "R=W", "ops", "read p50", "read p99", "write p99", "stale %",
        "stale % (split)", "unavailable %", "unavailable % (split)");
    for (Consistency level : LEVELS) {
      MixedWorkload.Stats a = all.get(level);
      MixedWorkload.Stats p = during.get(level);
      t.row(level.name(), level.required(3), a.ops(), Durations.human(a.readLatency().p50()),
          Durations.human(a.readLatency().p99()), Durations.human(a.writeLatency().p99()), pct(a.stalePct()),
          pct(p.stalePct()), pct(a.unavailablePct()), pct(p.unavailablePct()));
    }
    s.append(t.render()).append('\n');
    s.append("Else (no partition) you trade latency for consistency: ONE waits for the fastest replica, ALL for the\n"
        + "slowest, and the disk's heavy tail shows in the write p99. If partitioned you trade availability for\n"
        + "consistency: ONE keeps answering on both sides, and the cut-off side serves values the other side has\n"
        + "already overwritten (stale reads); QUORUM keeps the majority side available and refuses c2; ALL refuses\n"
        + "everyone until the heal. QUORUM and ALL never return a stale value: every read quorum meets every write\n"
        + "quorum (R+W>N) and hints do not count towards W. (A refused client waits "
        + Durations.exact(REQUEST_TIMEOUT)
        + " for its answer,\nso it issues fewer operations than one that is served: unavailable % counts operations.)\n\n");
    s.append("checks:\n");
    checks.forEach((name, c) -> s.append(String.format(Locale.ROOT, "  %-45s %s %s%n", name,
        c.valid() ? "ok  " : "FAIL", c.details())));
    return s.toString();
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 1e3) / 1e3;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
