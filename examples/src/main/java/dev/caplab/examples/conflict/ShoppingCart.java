package dev.caplab.examples.conflict;

import dev.caplab.check.ConvergenceCheck;
import dev.caplab.check.SetCheck;
import dev.caplab.examples.scenario.DiagramWindow;
import dev.caplab.examples.scenario.Scenario;
import dev.caplab.examples.scenario.ScenarioRun;
import dev.caplab.net.NodeId;
import dev.caplab.replication.crdt.Crdt;
import dev.caplab.replication.crdt.conflict.SetStrategy;
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
import java.util.Set;

/**
 * The Dynamo paper's shopping cart: carts replicated over two regions (see {@link TwoRegions}),
 * each cart shared by one user in {@code us} and one in {@code eu} who add items and remove items
 * they added, also while the regions are cut apart. The same workload runs three times, once per
 * {@link SetStrategy} (the scenario's variants): {@code lww} loses acknowledged adds, {@code
 * mvRegister} keeps them as siblings that the application merges (and removed items come back),
 * {@code orSet} keeps every add and every remove.
 *
 * <p>Stateless and thread-safe; each {@link #run} builds its own simulations.
 */
public final class ShoppingCart implements Scenario {

  /** The command-line name. */
  public static final String NAME = "shopping-cart";

  static final int CARTS = 4;
  static final Duration THINK_MIN = Duration.ofMillis(80);
  static final Duration THINK_MAX = Duration.ofMillis(200);
  static final double REMOVE_PROBABILITY = 0.3;
  /** How many lost items the report names. */
  static final int LISTED = 3;
  /** The strategies, in the order they run, each on a simulation of its own from the seed. */
  private static final List<SetStrategy<?>> STRATEGIES =
      List.of(SetStrategy.lww(), SetStrategy.mvRegister(), SetStrategy.orSet());
  /** The variant the diagram shows: the one that loses acknowledged adds. */
  static final String DIAGRAM_VARIANT = "lww";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "carts in 2 regions, partitioned 1s-4s: LWW loses items, MV-Register shows siblings, OR-Set keeps all";
  }

  @Override
  public String question() {
    return "Shoppers in two regions fill shared carts while the regions are cut apart for three seconds. When the"
        + " regions meet again, which way of resolving the conflicting writes keeps every item a shopper was told"
        + " was added: last-writer-wins, multi-value registers with siblings, or an OR-Set? And what does each cost?";
  }

  @Override
  public List<String> variants() {
    return STRATEGIES.stream().map(SetStrategy::name).toList();
  }

  /** lww's whole run, about 1,300 messages: the cut, the heal and the writes it overwrote. */
  @Override
  public DiagramWindow diagram() {
    return DiagramWindow.of(DIAGRAM_VARIANT, Duration.ZERO, TwoRegions.HEAL_AT.plus(TwoRegions.CONVERGE_WITHIN));
  }

  @Override
  public void run(ScenarioRun run) {
    List<Strategy> strategies = new ArrayList<>();
    for (SetStrategy<?> s : STRATEGIES) {
      strategies.add(runStrategy(s, run.simulation(s.name())));
    }
    new Outcome(strategies).report(run, diagram());
  }

  static String cart(int i) {
    return "cart-" + i;
  }

  private static <C extends Crdt<C, ?>> Strategy runStrategy(SetStrategy<C> strategy, Simulation sim) {
    Ledger ledger = new Ledger();
    List<TwoRegions.User<C>> users = new ArrayList<>();
    for (int i = 1; i <= CARTS; i++) {
      String home = TwoRegions.US.get((i - 1) % TwoRegions.US.size());
      users.add(new TwoRegions.User<>("u" + i + "us", home, shopper(strategy, ledger, cart(i), "u" + i + "us")));
      String euHome = TwoRegions.EU.get((i - 1) % TwoRegions.EU.size());
      users.add(new TwoRegions.User<>("u" + i + "eu", euHome, shopper(strategy, ledger, cart(i), "u" + i + "eu")));
    }
    int[] versionsAtHeal = {0};
    TwoRegions.Run<C> run = TwoRegions.run(sim, strategy.empty(), users, THINK_MIN, THINK_MAX, store -> {
      for (NodeId r : store.replicas()) {
        for (C c : store.data(r).values()) {
          versionsAtHeal[0] = Math.max(versionsAtHeal[0], strategy.versions(c));
        }
      }
    });
    CrdtStore<C> store = run.store();
    Map<String, List<SetCheck.Attempt<String>>> attempts = ledger.setAttempts();
    List<String> lost = new ArrayList<>();
    List<String> resurrected = new ArrayList<>();
    long acknowledged = 0;
    for (Map.Entry<String, List<SetCheck.Attempt<String>>> e : attempts.entrySet()) {
      Map<String, Set<String>> reads = new LinkedHashMap<>();
      for (NodeId r : store.replicas()) {
        reads.put(r.name(), strategy.read(store.state(r, e.getKey())));
      }
      SetCheck.Result<String> check = SetCheck.check(e.getValue(), reads);
      for (String x : check.lost()) {
        lost.add(e.getKey() + ":" + x);
      }
      for (String x : check.resurrected()) {
        resurrected.add(e.getKey() + ":" + x);
      }
      acknowledged += check.acknowledgedAdds();
    }
    NodeId first = store.replicas().get(0);
    int withSiblings = 0;
    int items = 0;
    for (C c : store.data(first).values()) {
      withSiblings += strategy.versions(c) > 1 ? 1 : 0;
      items += strategy.read(c).size();
    }
    ConvergenceCheck.Result<String, Set<String>> convergence = ConvergenceCheck.check(store.values(strategy::read));
    return new Strategy(strategy.name(), run, ledger, lost, resurrected, acknowledged, versionsAtHeal[0],
        withSiblings, items, convergence);
  }

  private static <C extends Crdt<C, ?>> UserNode.Behaviour<C> shopper(SetStrategy<C> strategy, Ledger ledger,
      String cart, String user) {
    List<String> mine = new ArrayList<>();
    int[] next = {1};
    return random -> {
      if (!mine.isEmpty() && random.nextDouble() < REMOVE_PROBABILITY) {
        String item = mine.remove(random.nextInt(mine.size()));
        return new UserNode.Request<>(cart, strategy.remove(item), ledger.remove(cart, item));
      }
      String item = user + "/" + next[0]++;
      mine.add(item);
      return new UserNode.Request<>(cart, strategy.add(item), ledger.add(cart, item));
    };
  }

  /**
   * One strategy's figures.
   *
   * @param lost acknowledged adds missing at the end, as {@code cart:item}
   * @param resurrected acknowledged removes whose item is back, as {@code cart:item}
   * @param versionsAtHeal the most versions a read of any cart on any replica returned at the heal
   * @param cartsWithSiblings carts on us1 holding more than one version at the end
   * @param items items in all carts on us1 at the end
   */
  record Strategy(String name, TwoRegions.Run<?> run, Ledger ledger, List<String> lost, List<String> resurrected,
      long acknowledgedAdds, int versionsAtHeal, int cartsWithSiblings, int items,
      ConvergenceCheck.Result<String, Set<String>> convergence) {

    /** Whether the update was acknowledged and later undone: a lost add, or a remove whose item came back. */
    boolean undone(Ledger.Entry e) {
      return e.kind == SetCheck.Kind.ADD ? lost.contains(e.keyed()) : resurrected.contains(e.keyed());
    }

    String lostExamples() {
      return String.join(", ", lost.subList(0, Math.min(LISTED, lost.size())));
    }
  }

  /** The three runs of one seed, turned into the report. */
  private record Outcome(List<Strategy> strategies) {

    Strategy get(String name) {
      return strategies.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    void report(ScenarioRun run, DiagramWindow window) {
      run.paragraph(String.format(Locale.ROOT, "%d carts live on %s. Each cart has a shopper in each region, who"
          + " adds an item or removes one of their own every %s-%s. %s; shoppers stop at the heal and the replicas"
          + " gossip %s until they agree. Clocks: %s. The same workload runs once per strategy (%s).",
          CARTS, ConflictReport.replicas(), ConflictReport.human(THINK_MIN), ConflictReport.human(THINK_MAX),
          ConflictReport.cut(), ConflictReport.gossip(), ConflictReport.skew(),
          String.join(", ", strategies.stream().map(Strategy::name).toList())));
      run.add(table());
      run.heading("What happened");
      run.bullets(findings());
      Strategy shown = get(window.variant());
      run.add(run.timeline("the same in every strategy's run", shown.run().faults()));
      SpaceTime.Builder diagram = run.diagram(shown.name() + ", the whole run: the shoppers' updates (bars; lost ="
          + " acknowledged, then overwritten or undone) and the replicas' gossip", shown.run().store().cluster(),
          shown.run().faults());
      ConflictReport.operations(diagram, shown.ledger(), shown::undone, window.from().toNanos(),
          Math.min(window.to().toNanos(), shown.run().sim().now()));
      run.add(diagram.build());
      metrics(run);
      checks(run);
    }

    private Block.Table table() {
      Block.Column[] store = ConflictReport.storeColumns();
      Block.Table.Builder t = Block.Table.builder("strategies", "The same workload under each strategy (versions"
          + " per read: the most at the heal; metadata: on us1)",
          new Block.Column("strategy", Unit.TEXT), new Block.Column("acked adds", Unit.COUNT),
          new Block.Column("lost", Unit.COUNT), new Block.Column("removed came back", Unit.COUNT),
          new Block.Column("versions per read", Unit.COUNT),
          store[0], store[1], store[2]);
      for (Strategy x : strategies) {
        t.row(x.name(), x.acknowledgedAdds(), x.lost().size(), x.resurrected().size(),
            Math.max(x.versionsAtHeal(), 1), x.run().convergenceAfterHeal(), x.run().metadataBytes(),
            x.run().store().metrics().bytesGossiped());
      }
      return t.build();
    }

    private List<String> findings() {
      Strategy lww = get("lww");
      Strategy mv = get("mvRegister");
      Strategy or = get("orSet");
      Map.Entry<String, Duration> slowest = ConflictReport.slowestClock();
      List<String> found = new ArrayList<>();
      found.add(String.format(Locale.ROOT, "lww stores the whole cart as one value stamped with the writing"
          + " replica's clock. Writes that did not see each other (the two regions during the cut, or two shoppers a"
          + " few ms apart) are resolved by keeping the later stamp: the other write's items vanish although the"
          + " shopper was told \"added\". %d of %d acknowledged adds were lost%s. Skew makes it worse: %s's stamps"
          + " are %s low, so its writes lose even to writes made before them that they had already seen.",
          lww.lost().size(), lww.acknowledgedAdds(), lww.lost().isEmpty() ? "" : " (e.g. " + lww.lostExamples() + ")",
          slowest.getKey(), ConflictReport.human(slowest.getValue().abs())));
      found.add(String.format(Locale.ROOT, "mvRegister keeps concurrent writes side by side: after the heal a read"
          + " returns up to %d versions (siblings) of a cart, and %d of %d carts still hold siblings at the end. The"
          + " application must merge them; merging by union (as Amazon did) lost %d adds, but %d removed items came"
          + " back: a remove on one side is undone by the other side's sibling.",
          Math.max(mv.versionsAtHeal(), 1), mv.cartsWithSiblings(), CARTS, mv.lost().size(),
          mv.resurrected().size()));
      found.add(String.format(Locale.ROOT, "orSet merges adds and removes per item (add wins over a concurrent"
          + " remove): %d lost, %d came back. The price is metadata: a dot per live item plus a version vector (%s on"
          + " us1, against %s for lww).", or.lost().size(), or.resurrected().size(),
          Unit.BYTES.format(or.run().metadataBytes()), Unit.BYTES.format(lww.run().metadataBytes())));
      List<String> diverged = strategies.stream().filter(x -> !x.convergence().valid()).map(Strategy::name).toList();
      found.add(diverged.isEmpty()
          ? "All three converged after the heal: converging is not the same as keeping the data."
          : "The replicas did NOT converge under " + String.join(", ", diverged) + ": see the converged checks.");
      return found;
    }

    private void metrics(ScenarioRun run) {
      run.metric("replicas", Unit.COUNT, TwoRegions.replicas().size());
      run.metric("carts", Unit.COUNT, CARTS);
      run.metric("users", Unit.COUNT, 2 * CARTS);
      for (Strategy s : strategies) {
        String p = s.name();
        run.metric(p + ".lostUpdates", Unit.COUNT, s.lost().size());
        ConflictReport.storeMetrics(run, p, s.run());
        run.metric(p + ".acknowledgedAdds", Unit.COUNT, s.acknowledgedAdds());
        run.metric(p + ".resurrected", Unit.COUNT, s.resurrected().size());
        run.metric(p + ".maxVersionsAtHeal", Unit.COUNT, s.versionsAtHeal());
        run.metric(p + ".cartsWithSiblings", Unit.COUNT, s.cartsWithSiblings());
        run.metric(p + ".itemsInCarts", Unit.COUNT, s.items());
        run.metric(p + ".lostExamples", Unit.TEXT, s.lostExamples());
      }
    }

    private void checks(ScenarioRun run) {
      for (Strategy s : strategies) {
        run.check(ConflictReport.converged(s.name(), s.convergence(),
            "after the heal every replica reads the same items in every cart under " + s.name()));
      }
      List<Metric> lost = new ArrayList<>();
      for (Strategy s : strategies) {
        lost.add(Metric.count(s.name() + ".lostUpdates", s.lost().size()));
      }
      run.check(new Check("crdtLosesNothing", get("orSet").lost().isEmpty(),
          "the OR-Set keeps every acknowledged add", lost));
    }
  }
}
