package dev.caplab.examples.broadcast;

import dev.caplab.examples.scenario.Scenario;
import dev.caplab.examples.scenario.ScenarioResult;
import dev.caplab.examples.scenario.TextTable;
import dev.caplab.fault.Fault;
import dev.caplab.fault.FaultLog;
import dev.caplab.fault.FaultPlan;
import dev.caplab.metrics.LatencyRecorder;
import dev.caplab.net.DropReason;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.Network;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.replication.version.VersionVector;
import dev.caplab.sim.Simulation;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * Five nodes spread values by push gossip while the network splits into a majority and a
 * minority for three seconds and then heals.
 *
 * <p>What it teaches: a partition does not make messages slower, it makes them disappear; gossip
 * keeps each side internally up to date, values cross the cut only after the heal, and because
 * every push carries the sender's whole state the cluster catches up within a few gossip rounds
 * without any repair protocol. The figures that show it: messages dropped at the cut, delivery
 * latency per phase (unchanged), propagation latency per phase (seconds during the split instead
 * of tens of milliseconds), and the time from heal to convergence.
 *
 * <p>Timeline: publishing every {@link #PUBLISH_EVERY} and gossip every {@link #GOSSIP_EVERY}
 * from the start; partition {n1,n2,n3} | {n4,n5} at {@link #PARTITION_AT}; heal at {@link
 * #HEAL_AT}; publishing stops at {@link #PUBLISH_UNTIL}; the run ends at {@link #RUN_UNTIL}, which
 * leaves a quiet second for the last values to spread.
 *
 * <p>Stateless and thread-safe; each {@link #run} builds its own simulation.
 */
public final class BroadcastPartition implements Scenario {

  /** The command-line name. */
  public static final String NAME = "broadcast-partition";

  static final int NODES = 5;
  static final Duration PUBLISH_EVERY = Duration.ofMillis(200);
  static final Duration GOSSIP_EVERY = Duration.ofMillis(50);
  static final int FANOUT = 2;
  static final Duration LATENCY_MEDIAN = Duration.ofMillis(5);
  static final double LATENCY_SIGMA = 0.5;
  static final double LOSS = 0.01;
  static final Duration PARTITION_AT = Duration.ofSeconds(1);
  static final Duration HEAL_AT = Duration.ofSeconds(4);
  static final Duration PUBLISH_UNTIL = Duration.ofSeconds(5);
  static final Duration RUN_UNTIL = Duration.ofSeconds(6);
  /** The side that keeps the majority; the other nodes form the minority. */
  static final int MAJORITY = 3;

  /** A phase's "about the same" band: medians within 25% count as unchanged in the summary. */
  private static final double SAME_MEDIAN_TOLERANCE = 0.25;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "5 nodes gossip values; at 1s two are cut off for 3s, then healed; how fast does everyone catch up?";
  }

  @Override
  public ScenarioResult run(long seed) {
    return execute(seed).result();
  }

  /** Runs the scenario and keeps the figures tests look at besides the result. */
  Outcome execute(long seed) {
    Simulation sim = Simulation.withSeed(seed);
    Cluster cluster = Cluster.create(sim);
    Network network = cluster.network();
    network.setDefaultProfile(LinkProfile.custom()
        .latency(LatencyModel.logNormal(LATENCY_MEDIAN, LATENCY_SIGMA))
        .loss(LOSS)
        .build());
    BroadcastLedger ledger = new BroadcastLedger(NODES, PARTITION_AT.toNanos(), HEAL_AT.toNanos());
    GossipNode.Plan plan = new GossipNode.Plan(PUBLISH_EVERY, PUBLISH_UNTIL, GOSSIP_EVERY, FANOUT);
    List<NodeId> ids = new ArrayList<>();
    for (int i = 1; i <= NODES; i++) {
      ids.add(cluster.add("n" + i, () -> new GossipNode(plan, ledger)));
    }
    List<String> names = ids.stream().map(NodeId::name).toList();

    Map<Phase, MessageCounts> atStart = new EnumMap<>(Phase.class);
    atStart.put(Phase.BEFORE, MessageCounts.of(network.stats()));
    FaultLog faults = FaultLog.of(cluster);
    // A phase's counts start in the event its fault lands in; a partition or heal sends and drops
    // nothing itself, so counting just after it is counting at that instant.
    faults.onApplied(applied -> {
      if (applied.fault() instanceof Fault.Partition) {
        atStart.put(Phase.DURING, MessageCounts.of(network.stats()));
      } else if (applied.fault() instanceof Fault.Heal) {
        atStart.put(Phase.AFTER, MessageCounts.of(network.stats()));
        ledger.healed(sim.now());
      }
    });
    FaultPlan.builder()
        .partition(PARTITION_AT, names.subList(0, MAJORITY), names.subList(MAJORITY, NODES))
        .heal(HEAL_AT)
        .build()
        .schedule(faults);
    sim.runFor(RUN_UNTIL);

    MessageCounts total = MessageCounts.of(network.stats());
    Map<Phase, MessageCounts> byPhase = new EnumMap<>(Phase.class);
    byPhase.put(Phase.BEFORE, atStart.get(Phase.DURING).minus(atStart.get(Phase.BEFORE)));
    byPhase.put(Phase.DURING, atStart.get(Phase.AFTER).minus(atStart.get(Phase.DURING)));
    byPhase.put(Phase.AFTER, total.minus(atStart.get(Phase.AFTER)));
    List<VersionVector> finalVectors = new ArrayList<>();
    for (NodeId id : ids) {
      finalVectors.add(cluster.node(id, GossipNode.class).known());
    }
    boolean converged = finalVectors.stream().distinct().count() == 1;
    return new Outcome(seed, sim, cluster, ledger, total, byPhase, finalVectors, converged);
  }

  /** Everything one run measured; {@link #result()} turns it into metrics, checks and text. */
  record Outcome(
      long seed,
      Simulation sim,
      Cluster cluster,
      BroadcastLedger ledger,
      MessageCounts total,
      Map<Phase, MessageCounts> byPhase,
      List<VersionVector> finalVectors,
      boolean converged) {

    ScenarioResult result() {
      return new ScenarioResult(NAME, seed, sim.trace().hashHex(), sim.now(), metrics(),
          Map.of("converged", convergedCheck()), summary());
    }

    private Map<String, Object> metrics() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("nodes", NODES);
      m.put("valuesPublished", ledger.published());
      m.put("valuesKnownEverywhere", ledger.fullyPropagated());
      Map<String, Object> messages = total.asMap();
      messages.put("inFlightAtEnd", cluster.stats().inFlight());
      m.put("messages", messages);
      m.put("messagesByPhase", perPhase(p -> byPhase.get(p).asMap()));
      m.put("deliveryLatencyNanos", perPhase(p -> latency(ledger.delivery(p))));
      m.put("propagationLatencyNanos", perPhase(p -> latency(ledger.propagation(p))));
      long convergence = ledger.convergenceAfterHealNanos();
      m.put("convergenceAfterHealNanos", convergence < 0 ? null : convergence);
      return m;
    }

    private ScenarioResult.Check convergedCheck() {
      Map<String, Object> d = new LinkedHashMap<>();
      long convergence = ledger.convergenceAfterHealNanos();
      d.put("convergenceMillis", convergence < 0 ? null : millis(convergence));
      return new ScenarioResult.Check(converged, d);
    }

    private String summary() {
      long convergence = ledger.convergenceAfterHealNanos();
      LatencyRecorder propBefore = ledger.propagation(Phase.BEFORE);
      LatencyRecorder propDuring = ledger.propagation(Phase.DURING);
      long deliveryBefore = ledger.delivery(Phase.BEFORE).p50();
      long deliveryDuring = ledger.delivery(Phase.DURING).p50();
      StringBuilder s = new StringBuilder();
      s.append(NAME).append(" (seed ").append(seed).append(")\n\n");
      s.append(String.format(Locale.ROOT,
          "%d nodes, n1..n%d, each publish a new value every %s until %s, and every %s%n",
          NODES, NODES, Durations.exact(PUBLISH_EVERY), Durations.exact(PUBLISH_UNTIL), Durations.exact(GOSSIP_EVERY)));
      s.append(String.format(Locale.ROOT,
          "push everything they know to %d random peers. Links take about %s (log-normal)%n",
          FANOUT, Durations.exact(LATENCY_MEDIAN)));
      s.append(String.format(Locale.ROOT, "and lose %.0f%% of messages. At %s the network splits into %s and %s;%n",
          LOSS * 100, Durations.exact(PARTITION_AT), group(0, MAJORITY), group(MAJORITY, NODES)));
      s.append(String.format(Locale.ROOT, "at %s it heals. The run ends at %s.%n%n", Durations.exact(HEAL_AT), Durations.exact(RUN_UNTIL)));

      s.append("What happened\n");
      s.append(String.format(Locale.ROOT, "- Before the split, a new value reached all %d nodes in %s (median).%n",
          NODES, Durations.human(propBefore.p50())));
      s.append(String.format(Locale.ROOT,
          "- During the split, %d messages were dropped at the cut. Each side kept gossiping,%n",
          byPhase.get(Phase.DURING).dropped(DropReason.PARTITION)));
      s.append(String.format(Locale.ROOT, "  but a value published then reached everyone only after the heal:%n"));
      s.append(String.format(Locale.ROOT, "  median %s, worst %s.%n",
          Durations.human(propDuring.p50()), Durations.human(propDuring.max())));
      if (Math.abs(deliveryDuring - deliveryBefore) <= SAME_MEDIAN_TOLERANCE * deliveryBefore) {
        s.append(String.format(Locale.ROOT, "- Messages that did arrive were as fast as before (median %s, then %s):%n",
            Durations.human(deliveryBefore), Durations.human(deliveryDuring)));
        s.append("  a partition does not slow messages down, it makes them disappear.\n");
      } else {
        s.append(String.format(Locale.ROOT,
            "- Messages that did arrive took %s (median) during the split, %s before.%n",
            Durations.human(deliveryDuring), Durations.human(deliveryBefore)));
      }
      if (convergence >= 0) {
        s.append(String.format(Locale.ROOT, "- %s after the heal, every node knew every value published before it.%n",
            Durations.human(convergence)));
      } else {
        s.append("- The nodes never caught up on the values published before the heal.\n");
      }
      if (converged) {
        s.append(String.format(Locale.ROOT, "- At %s all nodes hold the same state %s: converged.%n%n",
            Durations.exact(RUN_UNTIL), byOrigin(finalVectors.get(0))));
      } else {
        s.append(String.format(Locale.ROOT, "- At %s the nodes still disagree %s: NOT converged.%n%n",
            Durations.exact(RUN_UNTIL), finalVectors.stream().map(Outcome::byOrigin).collect(Collectors.toList())));
      }

      s.append(String.format(Locale.ROOT, "Messages (counted when they happen; in flight at the end: %d)%n",
          cluster.stats().inFlight()));
      TextTable messages = new TextTable("", "before", "during", "after", "total");
      messages.row(countRow("sent", MessageCounts::sent));
      messages.row(countRow("delivered", MessageCounts::delivered));
      messages.row(countRow("duplicated", MessageCounts::duplicated));
      for (DropReason r : DropReason.values()) {
        if (r == DropReason.LOSS || r == DropReason.PARTITION || total.dropped(r) > 0) {
          messages.row(countRow("dropped: " + r.name().toLowerCase(Locale.ROOT).replace('_', ' '),
              c -> c.dropped(r)));
        }
      }
      s.append(messages.render()).append('\n');

      s.append("Delivery latency: send -> arrival, by when the message was sent\n");
      s.append(latencyTable("messages", ledger::delivery)).append('\n');
      s.append(String.format(Locale.ROOT,
          "Propagation latency: publish -> known by all %d nodes, by when the value was published%n",
          NODES));
      s.append(latencyTable("values", ledger::propagation)).append('\n');

      s.append("trace hash ").append(sim.trace().hashHex()).append('\n');
      s.append("re-run with --seed ").append(seed).append(" to reproduce\n");
      return s.toString();
    }

    private Object[] countRow(String label, ToLongFunction<MessageCounts> f) {
      return new Object[] {label, f.applyAsLong(byPhase.get(Phase.BEFORE)), f.applyAsLong(byPhase.get(Phase.DURING)),
          f.applyAsLong(byPhase.get(Phase.AFTER)), f.applyAsLong(total)};
    }

    private static String latencyTable(String countLabel, Function<Phase, LatencyRecorder> recorders) {
      TextTable t = new TextTable("", countLabel, "p50", "p90", "p99", "p99.9", "max");
      for (Phase p : Phase.values()) {
        LatencyRecorder r = recorders.apply(p);
        t.row(phaseLabel(p), r.count(), Durations.human(r.p50()), Durations.human(r.p90()),
            Durations.human(r.p99()), Durations.human(r.p999()), Durations.human(r.max()));
      }
      return t.render();
    }

    private static String phaseLabel(Phase p) {
      return switch (p) {
        case BEFORE -> "before (< " + Durations.exact(PARTITION_AT) + ")";
        case DURING -> "during (" + Durations.exact(PARTITION_AT) + " - " + Durations.exact(HEAL_AT) + ")";
        case AFTER -> "after (>= " + Durations.exact(HEAL_AT) + ")";
      };
    }

    private static Map<String, Object> perPhase(Function<Phase, Object> f) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Phase p : Phase.values()) {
        m.put(p.key(), f.apply(p));
      }
      return m;
    }

    private static Map<String, Object> latency(LatencyRecorder r) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("count", r.count());
      m.put("p50", r.p50());
      m.put("p90", r.p90());
      m.put("p99", r.p99());
      m.put("p999", r.p999());
      m.put("max", r.max());
      return m;
    }

    private static double millis(long nanos) {
      return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    /** A node's state as the summary prints it: the highest value known from n1, n2, ... in order. */
    private static List<Long> byOrigin(VersionVector known) {
      List<Long> values = new ArrayList<>();
      for (int i = 1; i <= NODES; i++) {
        values.add(known.get("n" + i));
      }
      return values;
    }

    private static String group(int from, int to) {
      List<String> names = new ArrayList<>();
      for (int i = from + 1; i <= to; i++) {
        names.add("n" + i);
      }
      return names.stream().collect(Collectors.joining(",", "{", "}"));
    }
  }
}
