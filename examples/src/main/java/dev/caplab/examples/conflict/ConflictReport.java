package dev.caplab.examples.conflict;

import dev.caplab.check.ConvergenceCheck;
import dev.caplab.examples.scenario.ScenarioRun;
import dev.caplab.replication.crdt.store.GossipMode;
import dev.caplab.report.Block;
import dev.caplab.report.Check;
import dev.caplab.report.Metric;
import dev.caplab.report.SpaceTime;
import dev.caplab.report.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The report parts both conflict scenarios share: the stage in words, each strategy's store
 * figures (time to converge after the heal, metadata, gossip), its convergence check, and the
 * users' updates as a space-time diagram's operation bars.
 *
 * <p>Stateless and thread-safe.
 */
final class ConflictReport {

  private ConflictReport() {}

  /** A duration as reports print it: {@code 80.0ms}, {@code 4.00s}. */
  static String human(Duration d) {
    return Unit.NANOSECONDS.format(d.toNanos());
  }

  /** Where the replicas are: "6 replicas in two regions (us1-us3, eu1-eu3; ... across)". */
  static String replicas() {
    return String.format(Locale.ROOT, "%d replicas in two regions (%s-%s, %s-%s; %s-%s apart inside a region,"
        + " %s-%s across)", TwoRegions.replicas().size(), TwoRegions.US.get(0), last(TwoRegions.US),
        TwoRegions.EU.get(0), last(TwoRegions.EU), human(TwoRegions.IN_REGION_MIN), human(TwoRegions.IN_REGION_MAX),
        human(TwoRegions.ACROSS_MIN), human(TwoRegions.ACROSS_MAX));
  }

  /** The cut: "The regions are cut apart from 1.00s to 4.00s". */
  static String cut() {
    return "The regions are cut apart from " + human(TwoRegions.PARTITION_AT) + " to " + human(TwoRegions.HEAL_AT);
  }

  /** How the replicas gossip: "deltas (every 100ms, 2 peers)". */
  static String gossip() {
    return (TwoRegions.STORE.mode() == GossipMode.DELTA ? "deltas" : "full states") + " (every "
        + human(TwoRegions.STORE.gossipInterval()) + ", " + TwoRegions.STORE.fanOut() + " peers)";
  }

  /** The clocks that are off: "eu3's clock runs 120ms behind, us2's runs 80.0ms ahead". */
  static String skew() {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Duration> e : new TreeMap<>(TwoRegions.SKEW).entrySet()) {
      Duration d = e.getValue();
      parts.add(e.getKey() + "'s" + (parts.isEmpty() ? " clock" : "") + " runs " + human(d.abs())
          + (d.isNegative() ? " behind" : " ahead"));
    }
    return String.join(", ", parts);
  }

  /** The replica whose clock runs furthest behind, and by how much. */
  static Map.Entry<String, Duration> slowestClock() {
    return new TreeMap<>(TwoRegions.SKEW).entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow();
  }

  /** The store figures of one strategy's run, under {@code strategy.}. */
  static void storeMetrics(ScenarioRun run, String strategy, TwoRegions.Run<?> r) {
    run.metric(strategy + ".convergenceAfterHeal", Unit.NANOSECONDS, r.convergenceAfterHeal());
    run.metric(strategy + ".metadata", Unit.BYTES, r.metadataBytes());
    run.metric(strategy + ".gossiped", Unit.BYTES, r.store().metrics().bytesGossiped());
    run.metric(strategy + ".gossipMessages", Unit.COUNT, r.store().metrics().messages());
  }

  /** The check that {@code strategy}'s replicas ended equal: {@code convergedLww} for lww. */
  static Check converged(String strategy, ConvergenceCheck.Result<?, ?> c, String statement) {
    List<String> differences = new ArrayList<>();
    for (ConvergenceCheck.Difference<?, ?> d : c.differences().subList(0,
        Math.min(ConvergenceCheck.MAX_LISTED, c.differences().size()))) {
      differences.add(d.key() + " " + d.values());
    }
    return Check.of("converged" + Character.toUpperCase(strategy.charAt(0)) + strategy.substring(1), c.valid(),
        statement, Metric.count("replicas", c.replicas()), Metric.count("keys", c.keys()),
        Metric.count("differingKeys", c.differences().size()),
        Metric.text("differences", differences.isEmpty() ? "none" : String.join("; ", differences)));
  }

  /** A metric-name part for a key: {@code post-1} becomes {@code post1}, {@code cart-12} {@code cart12}. */
  static String namePart(String key) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char ch : key.toCharArray()) {
      if (Character.isLetterOrDigit(ch)) {
        out.append(upper ? Character.toUpperCase(ch) : ch);
        upper = false;
      } else {
        upper = true;
      }
    }
    return out.toString();
  }

  /**
   * The users' updates that overlap the diagram's window [from, to] as operation bars: ok,
   * failed, unknown (no reply in time), or lost when acknowledged and later undone, as {@code
   * lost} says.
   */
  static void operations(SpaceTime.Builder diagram, Ledger ledger, Predicate<Ledger.Entry> lost, long from,
      long to) {
    for (Ledger.Entry e : ledger.entries()) {
      if (e.node < 0) {
        continue;
      }
      long end = e.completedAt < 0 ? to : e.completedAt;
      if (end < from || e.invokedAt > to) {
        continue;
      }
      SpaceTime.Outcome outcome = switch (e.status) {
        case OK -> lost.test(e) ? SpaceTime.Outcome.LOST : SpaceTime.Outcome.OK;
        case FAIL -> SpaceTime.Outcome.FAILED;
        case INFO -> SpaceTime.Outcome.UNKNOWN;
      };
      diagram.operation(e.node, e.invokedAt, end, e.label(), outcome);
    }
  }

  /** The columns every strategy table ends with. */
  static Block.Column[] storeColumns() {
    return new Block.Column[] {new Block.Column("converged after", Unit.NANOSECONDS),
        new Block.Column("metadata", Unit.BYTES), new Block.Column("gossiped", Unit.BYTES)};
  }

  private static String last(List<String> l) {
    return l.get(l.size() - 1);
  }
}
