package dev.caplab.examples.broadcast;

import dev.caplab.examples.scenario.DiagramWindow;
import dev.caplab.examples.scenario.Scenario;
import dev.caplab.examples.scenario.ScenarioRun;
import dev.caplab.fault.Fault;
import dev.caplab.fault.FaultLog;
import dev.caplab.fault.FaultPlan;
import dev.caplab.time.Durations;
import dev.caplab.metrics.LatencyRecorder;
import dev.caplab.net.DropReason;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.Network;
import dev.caplab.net.NodeId;
import dev.caplab.report.Block;
import dev.caplab.report.Check;
import dev.caplab.report.Metric;
import dev.caplab.report.Unit;
import dev.caplab.node.Cluster;
import dev.caplab.replication.version.VersionVector;
import dev.caplab.sim.Simulation;
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
  public String question() {
    return "Five nodes spread values by gossip. When a partition cuts two of them off for three seconds, do"
        + " messages get slower or do they vanish, how late do values arrive, and how fast does everyone"
        + " catch up after the heal?";
  }

  /** The whole run: about 1,200 messages, few enough to draw every one. */
  @Override
  public DiagramWindow diagram() {
    return DiagramWindow.of("", Duration.ZERO, RUN_UNTIL);
  }

  @Override
  public void run(ScenarioRun run) {
    execute(run).report(run);
  }

  private Outcome execute(ScenarioRun run) {
    Simulation sim = run.simulation();
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
    return new Outcome(sim, cluster, faults, ledger, total, byPhase, finalVectors, converged);
  }

  /** Everything one run measured; {@link #report} turns it into prose, tables, metrics and checks. */
  record Outcome(
      Simulation sim,
      Cluster cluster,
      FaultLog faults,
      BroadcastLedger ledger,
      MessageCounts total,
      Map<Phase, MessageCounts> byPhase,
      List<VersionVector> finalVectors,
      boolean converged) {

    void report(ScenarioRun run) {
      long convergence = ledger.convergenceAfterHealNanos();
      LatencyRecorder propBefore = ledger.propagation(Phase.BEFORE);
      LatencyRecorder propDuring = ledger.propagation(Phase.DURING);
      long deliveryBefore = ledger.delivery(Phase.BEFORE).p50();
      long deliveryDuring = ledger.delivery(Phase.DURING).p50();
      run.paragraph(String.format(Locale.ROOT, "%d nodes, n1..n%d, each publish a new value every %s until %s, and"
          + " every %s push everything they know to %d random peers. Links take about %s (log-normal) and lose %.0f%%"
          + " of messages. At %s the network splits into %s and %s; at %s it heals. The run ends at %s.",
          NODES, NODES, human(PUBLISH_EVERY), human(PUBLISH_UNTIL), human(GOSSIP_EVERY), FANOUT, human(LATENCY_MEDIAN),
          LOSS * 100, human(PARTITION_AT), group(0, MAJORITY), group(MAJORITY, NODES), human(HEAL_AT),
          human(RUN_UNTIL)));

      run.heading("What happened");
      List<String> found = new ArrayList<>();
      found.add(String.format(Locale.ROOT, "Before the split, a new value reached all %d nodes in %s (median).",
          NODES, Durations.human(propBefore.p50())));
      found.add(String.format(Locale.ROOT, "During the split, %d messages were dropped at the cut. Each side kept"
          + " gossiping, but a value published then reached everyone only after the heal: median %s, worst %s.",
          byPhase.get(Phase.DURING).dropped(DropReason.PARTITION), Durations.human(propDuring.p50()),
          Durations.human(propDuring.max())));
      if (Math.abs(deliveryDuring - deliveryBefore) <= SAME_MEDIAN_TOLERANCE * deliveryBefore) {
        found.add(String.format(Locale.ROOT, "Messages that did arrive were as fast as before (median %s, then %s):"
            + " a partition does not slow messages down, it makes them disappear.",
            Durations.human(deliveryBefore), Durations.human(deliveryDuring)));
      } else {
        found.add(String.format(Locale.ROOT, "Messages that did arrive took %s (median) during the split, %s before.",
            Durations.human(deliveryDuring), Durations.human(deliveryBefore)));
      }
      if (convergence >= 0) {
        found.add(String.format(Locale.ROOT, "%s after the heal, every node knew every value published before it.",
            Durations.human(convergence)));
      } else {
        found.add("The nodes never caught up on the values published before the heal.");
      }
      if (converged) {
        found.add(String.format(Locale.ROOT, "At %s all nodes hold the same state %s: converged.",
            human(RUN_UNTIL), byOrigin(finalVectors.get(0))));
      } else {
        found.add(String.format(Locale.ROOT, "At %s the nodes still disagree %s: NOT converged.",
            human(RUN_UNTIL), finalVectors.stream().map(Outcome::byOrigin).collect(Collectors.toList())));
      }
      run.bullets(found);

      Block.Table.Builder messages = Block.Table.builder("messages", String.format(Locale.ROOT,
          "Messages (counted when they happen; in flight at the end: %d)", cluster.stats().inFlight()),
          new Block.Column("", Unit.TEXT), new Block.Column("before", Unit.COUNT),
          new Block.Column("during", Unit.COUNT), new Block.Column("after", Unit.COUNT),
          new Block.Column("total", Unit.COUNT));
      messages.row(countRow("sent", MessageCounts::sent));
      messages.row(countRow("delivered", MessageCounts::delivered));
      messages.row(countRow("duplicated", MessageCounts::duplicated));
      for (DropReason r : DropReason.values()) {
        if (r == DropReason.LOSS || r == DropReason.PARTITION || total.dropped(r) > 0) {
          messages.row(countRow("dropped: " + r.name().toLowerCase(Locale.ROOT).replace('_', ' '),
              c -> c.dropped(r)));
        }
      }
      run.add(messages.build());
      run.add(new Block.Distribution("delivery", "Delivery latency: send -> arrival, by when the message was sent",
          curves(ledger::delivery)));
      run.add(new Block.Distribution("propagation", String.format(Locale.ROOT,
          "Propagation latency: publish -> known by all %d nodes, by when the value was published", NODES),
          curves(ledger::propagation)));
      run.add(run.timeline("", faults));
      run.add(run.diagram("the whole run: gossip before, during and after the partition", cluster, faults).build());

      metrics(run);
      run.check(Check.of("converged", converged, "every node ends with the same state",
          new Metric("convergenceAfterHeal", Unit.NANOSECONDS, convergence < 0 ? null : convergence)));
    }

    private void metrics(ScenarioRun run) {
      run.metric("nodes", Unit.COUNT, NODES);
      run.metric("valuesPublished", Unit.COUNT, ledger.published());
      run.metric("valuesKnownEverywhere", Unit.COUNT, ledger.fullyPropagated());
      counts(run, "messages", total);
      run.metric("messages.inFlightAtEnd", Unit.COUNT, cluster.stats().inFlight());
      for (Phase p : Phase.values()) {
        counts(run, "messagesByPhase." + p.key(), byPhase.get(p));
      }
      for (Phase p : Phase.values()) {
        run.latency("deliveryLatency." + p.key(), ledger.delivery(p));
      }
      for (Phase p : Phase.values()) {
        run.latency("propagationLatency." + p.key(), ledger.propagation(p));
      }
      long convergence = ledger.convergenceAfterHealNanos();
      run.metric("convergenceAfterHeal", Unit.NANOSECONDS, convergence < 0 ? null : convergence);
    }

    private static void counts(ScenarioRun run, String prefix, MessageCounts c) {
      run.metric(prefix + ".sent", Unit.COUNT, c.sent());
      run.metric(prefix + ".delivered", Unit.COUNT, c.delivered());
      run.metric(prefix + ".duplicated", Unit.COUNT, c.duplicated());
      for (DropReason r : DropReason.values()) {
        run.metric(prefix + ".dropped." + MessageCounts.camelCase(r), Unit.COUNT, c.dropped(r));
      }
    }

    private Object[] countRow(String label, ToLongFunction<MessageCounts> f) {
      return new Object[] {label, f.applyAsLong(byPhase.get(Phase.BEFORE)), f.applyAsLong(byPhase.get(Phase.DURING)),
          f.applyAsLong(byPhase.get(Phase.AFTER)), f.applyAsLong(total)};
    }

    private static List<Block.Curve> curves(Function<Phase, LatencyRecorder> recorders) {
      List<Block.Curve> out = new ArrayList<>();
      for (Phase p : Phase.values()) {
        out.add(Block.Curve.of(phaseLabel(p), recorders.apply(p)));
      }
      return out;
    }

    private static String phaseLabel(Phase p) {
      return switch (p) {
        case BEFORE -> "before (< " + human(PARTITION_AT) + ")";
        case DURING -> "during (" + human(PARTITION_AT) + " - " + human(HEAL_AT) + ")";
        case AFTER -> "after (>= " + human(HEAL_AT) + ")";
      };
    }

    /** A setting as it was configured: exact, not rounded. */
    private static String human(Duration d) {
      return Durations.exact(d);
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
