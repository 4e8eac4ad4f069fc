package dev.caplab.examples.conflict;

import dev.caplab.check.ConvergenceCheck;
import dev.caplab.check.CounterCheck;
import dev.caplab.examples.scenario.DiagramWindow;
import dev.caplab.examples.scenario.Scenario;
import dev.caplab.examples.scenario.ScenarioRun;
import dev.caplab.net.NodeId;
import dev.caplab.replication.crdt.Crdt;
import dev.caplab.replication.crdt.conflict.CounterStrategy;
import dev.caplab.replication.crdt.store.CrdtStore;
import dev.caplab.report.Block;
import dev.caplab.report.Check;
import dev.caplab.report.Metric;
import dev.caplab.report.SpaceTime;
import dev.caplab.report.Unit;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Like counters under concurrent increments: many fans in two regions (see {@link TwoRegions})
 * like two posts, also while the regions are cut apart. The same workload runs once per {@link
 * CounterStrategy} (the scenario's variants): {@code lww} (read the integer, add one, write it
 * back under last-writer-wins) loses most concurrent increments; {@code pnCounter} counts every
 * one.
 *
 * <p>Stateless and thread-safe; each {@link #run} builds its own simulations.
 */
public final class LikeCounter implements Scenario {

  /** The command-line name. */
  public static final String NAME = "like-counter";

  static final List<String> POSTS = List.of("post-1", "post-2");
  static final int FANS_PER_REGION = 6;
  static final Duration THINK_MIN = Duration.ofMillis(20);
  static final Duration THINK_MAX = Duration.ofMillis(60);
  /** The strategies, in the order they run, each on a simulation of its own from the seed. */
  private static final List<CounterStrategy<?>> STRATEGIES = List.of(CounterStrategy.lww(), CounterStrategy.pnCounter());
  /** The diagram shows lww from this long before the heal until the replicas agree. */
  static final Duration DIAGRAM_BEFORE_HEAL = Duration.ofSeconds(1);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "12 fans like 2 posts in 2 regions, partitioned 1s-4s: LWW counter loses likes, PN-Counter counts all";
  }

  @Override
  public String question() {
    return "Fans in two regions like the same posts, also while the regions are cut apart. Does a counter kept as"
        + " one last-writer-wins integer count every like a fan was told was counted, does a PN-Counter, and what"
        + " does each cost?";
  }

  @Override
  public List<String> variants() {
    return STRATEGIES.stream().map(CounterStrategy::name).toList();
  }

  /** lww around the heal, about 900 messages: the last second of the cut and the gossip that settles the count. */
  @Override
  public DiagramWindow diagram() {
    return DiagramWindow.of("lww", TwoRegions.HEAL_AT.minus(DIAGRAM_BEFORE_HEAL),
        TwoRegions.HEAL_AT.plus(TwoRegions.CONVERGE_WITHIN));
  }

  @Override
  public void run(ScenarioRun run) {
    List<Strategy> strategies = new ArrayList<>();
    for (CounterStrategy<?> s : STRATEGIES) {
      strategies.add(runStrategy(s, run.simulation(s.name())));
    }
    new Outcome(strategies).report(run, diagram());
  }

  private static <C extends Crdt<C, ?>> Strategy runStrategy(CounterStrategy<C> strategy, Simulation sim) {
    Ledger ledger = new Ledger();
    List<TwoRegions.User<C>> users = new ArrayList<>();
    for (int i = 1; i <= FANS_PER_REGION; i++) {
      users.add(new TwoRegions.User<>("fan" + i + "us", TwoRegions.US.get((i - 1) % TwoRegions.US.size()),
          fan(strategy, ledger)));
      users.add(new TwoRegions.User<>("fan" + i + "eu", TwoRegions.EU.get((i - 1) % TwoRegions.EU.size()),
          fan(strategy, ledger)));
    }
    TwoRegions.Run<C> run = TwoRegions.run(sim, strategy.zero(), users, THINK_MIN, THINK_MAX, store -> {});
    CrdtStore<C> store = run.store();
    long lost = 0;
    long acknowledged = 0;
    Map<String, Long> finals = new TreeMap<>();
    for (Map.Entry<String, List<CounterCheck.Increment>> e : ledger.increments().entrySet()) {
      Map<String, Long> reads = new LinkedHashMap<>();
      long min = Long.MAX_VALUE;
      for (NodeId r : store.replicas()) {
        long v = strategy.read(store.state(r, e.getKey()));
        reads.put(r.name(), v);
        min = Math.min(min, v);
      }
      CounterCheck.Result check = CounterCheck.check(0, e.getValue(), reads);
      lost += Math.max(0, check.lower() - min);
      acknowledged += check.acknowledged();
      finals.put(e.getKey(), reads.get(store.replicas().get(0).name()));
    }
    ConvergenceCheck.Result<String, Long> convergence = ConvergenceCheck.check(store.values(strategy::read));
    return new Strategy(strategy.name(), run, ledger, lost, acknowledged, finals, convergence);
  }

  private static <C extends Crdt<C, ?>> UserNode.Behaviour<C> fan(CounterStrategy<C> strategy, Ledger ledger) {
    return random -> {
      String post = POSTS.get(random.nextInt(POSTS.size()));
      return new UserNode.Request<>(post, strategy.increment(1), ledger.increment(post, 1));
    };
  }

  /**
   * One strategy's figures.
   *
   * @param lost acknowledged likes missing from the converged counts
   * @param finalValues each post's count on us1 at the end
   */
  record Strategy(String name, TwoRegions.Run<?> run, Ledger ledger, long lost, long acknowledged,
      Map<String, Long> finalValues, ConvergenceCheck.Result<String, Long> convergence) {

    long counted() {
      return finalValues.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** The runs of one seed, turned into the report. */
  private record Outcome(List<Strategy> strategies) {

    Strategy get(String name) {
      return strategies.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    void report(ScenarioRun run, DiagramWindow window) {
      run.paragraph(String.format(Locale.ROOT, "%d fans (%d per region) like %s every %s-%s, each through a replica"
          + " of their region; there are %s. %s; fans stop at the heal and the replicas gossip %s until they agree."
          + " Clocks: %s. The same workload runs once per strategy (%s).",
          2 * FANS_PER_REGION, FANS_PER_REGION, String.join(" or ", POSTS), ConflictReport.human(THINK_MIN),
          ConflictReport.human(THINK_MAX), ConflictReport.replicas(), ConflictReport.cut(), ConflictReport.gossip(),
          ConflictReport.skew(), String.join(", ", strategies.stream().map(Strategy::name).toList())));
      run.add(table());
      run.heading("What happened");
      run.bullets(findings());
      Strategy shown = get(window.variant());
      run.add(run.timeline("the same in every strategy's run", shown.run().faults()));
      SpaceTime.Builder diagram = run.diagram(shown.name() + ", from " + ConflictReport.human(window.from())
          + " until the replicas agree: the fans' likes (bars) and the gossip that settles the count",
          shown.run().store().cluster(), shown.run().faults());
      ConflictReport.operations(diagram, shown.ledger(), e -> false, window.from().toNanos(),
          Math.min(window.to().toNanos(), shown.run().sim().now()));
      run.add(diagram.build());
      metrics(run);
      checks(run);
    }

    private Block.Table table() {
      Block.Column[] store = ConflictReport.storeColumns();
      Block.Table.Builder t = Block.Table.builder("strategies", "The same workload under each strategy (counted and"
          + " metadata: on us1)", new Block.Column("strategy", Unit.TEXT),
          new Block.Column("acked likes", Unit.COUNT), new Block.Column("counted", Unit.COUNT),
          new Block.Column("lost", Unit.COUNT), store[0], store[1], store[2]);
      for (Strategy x : strategies) {
        t.row(x.name(), x.acknowledged(), x.counted(), x.lost(), x.run().convergenceAfterHeal(),
            x.run().metadataBytes(), x.run().store().metrics().bytesGossiped());
      }
      return t.build();
    }

    private List<String> findings() {
      Strategy lww = get("lww");
      Strategy pn = get("pnCounter");
      List<String> found = new ArrayList<>();
      found.add(String.format(Locale.ROOT, "lww keeps the count as one integer: a replica reads n, writes n+1"
          + " stamped with its clock. Two likes that did not see each other both write n+1 and one of them wins, so"
          + " the other like is gone although the fan was told \"liked\". That happens between replicas a few ms"
          + " apart all the time; and at the heal one region's count replaces the other's, so every like the losing"
          + " region counted during the cut is gone as well: %d of %d acknowledged likes were lost (%.0f%%).",
          lww.lost(), lww.acknowledged(), lww.acknowledged() == 0 ? 0.0 : 100.0 * lww.lost() / lww.acknowledged()));
      found.add(String.format(Locale.ROOT, "pnCounter keeps one count per replica and merges by maximum per replica:"
          + " a like is never overwritten, only added. %d lost; the metadata is one entry per replica that counted"
          + " (%s on us1, against %s for lww).", pn.lost(), Unit.BYTES.format(pn.run().metadataBytes()),
          Unit.BYTES.format(lww.run().metadataBytes())));
      return found;
    }

    private void metrics(ScenarioRun run) {
      run.metric("replicas", Unit.COUNT, TwoRegions.replicas().size());
      run.metric("fans", Unit.COUNT, 2 * FANS_PER_REGION);
      run.metric("posts", Unit.COUNT, POSTS.size());
      for (Strategy s : strategies) {
        String p = s.name();
        run.metric(p + ".lostUpdates", Unit.COUNT, s.lost());
        ConflictReport.storeMetrics(run, p, s.run());
        run.metric(p + ".acknowledgedIncrements", Unit.COUNT, s.acknowledged());
        for (Map.Entry<String, Long> e : s.finalValues().entrySet()) {
          run.metric(p + ".finalValues." + ConflictReport.namePart(e.getKey()), Unit.COUNT, e.getValue());
        }
      }
    }

    private void checks(ScenarioRun run) {
      for (Strategy s : strategies) {
        run.check(ConflictReport.converged(s.name(), s.convergence(),
            "after the heal every replica reads the same count for every post under " + s.name()));
      }
      List<Metric> lost = new ArrayList<>();
      for (Strategy s : strategies) {
        lost.add(Metric.count(s.name() + ".lostUpdates", s.lost()));
      }
      run.check(new Check("crdtLosesNothing", get("pnCounter").lost() == 0,
          "the PN-Counter counts every acknowledged like", lost));
    }
  }
}
