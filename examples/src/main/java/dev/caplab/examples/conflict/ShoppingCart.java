package dev.caplab.examples.conflict;

import dev.caplab.check.ConvergenceCheck;
import dev.caplab.check.SetCheck;
import dev.caplab.examples.scenario.LegacyScenario;
import dev.caplab.examples.scenario.ScenarioResult;
import dev.caplab.examples.scenario.TextTable;
import dev.caplab.net.NodeId;
import dev.caplab.replication.crdt.Crdt;
import dev.caplab.replication.crdt.conflict.SetStrategy;
import dev.caplab.replication.crdt.store.CrdtStore;
import dev.caplab.time.Durations;
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
 * {@link SetStrategy}: {@code lww} loses acknowledged adds, {@code mvRegister} keeps them as
 * siblings that the application merges (and removed items come back), {@code orSet} keeps every
 * add and every remove.
 *
 * <p>Stateless and thread-safe; each {@link #run} builds its own simulations.
 */
public final class ShoppingCart implements LegacyScenario {

  /** The command-line name. */
  public static final String NAME = "shopping-cart";

  static final int CARTS = 4;
  static final Duration THINK_MIN = Duration.ofMillis(80);
  static final Duration THINK_MAX = Duration.ofMillis(200);
  static final double REMOVE_PROBABILITY = 0.3;
  static final int LISTED = 3;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "carts in 2 regions, partitioned 1s-4s: LWW loses items, MV-Register shows siblings, OR-Set keeps all";
  }

  @Override
  public ScenarioResult run(long seed) {
    return execute(seed).result();
  }

  Outcome execute(long seed) {
    List<Strategy> strategies = List.of(
        runStrategy(SetStrategy.lww(), seed),
        runStrategy(SetStrategy.mvRegister(), seed),
        runStrategy(SetStrategy.orSet(), seed));
    return new Outcome(seed, strategies);
  }

  static String cart(int i) {
    return "cart-" + i;
  }

  private static <C extends Crdt<C, ?>> Strategy runStrategy(SetStrategy<C> strategy, long seed) {
    Ledger ledger = new Ledger();
    List<TwoRegions.User<C>> users = new ArrayList<>();
    for (int i = 1; i <= CARTS; i++) {
      String home = TwoRegions.US.get((i - 1) % TwoRegions.US.size());
      users.add(new TwoRegions.User<>("u" + i + "us", home, shopper(strategy, ledger, cart(i), "u" + i + "us")));
      String euHome = TwoRegions.EU.get((i - 1) % TwoRegions.EU.size());
      users.add(new TwoRegions.User<>("u" + i + "eu", euHome, shopper(strategy, ledger, cart(i), "u" + i + "eu")));
    }
    int[] versionsAtHeal = {0};
    TwoRegions.Run<C> run = TwoRegions.run(seed, strategy.empty(), users, THINK_MIN, THINK_MAX, store -> {
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
    return new Strategy(strategy.name(), run, lost, resurrected, acknowledged, versionsAtHeal[0], withSiblings,
        items, convergence);
  }

  private static <C extends Crdt<C, ?>> UserNode.Behaviour<C> shopper(SetStrategy<C> strategy, Ledger ledger,
      String cart, String user) {
    List<String> mine = new ArrayList<>();
    int[] next = {1};
    return random -> {
      if (!mine.isEmpty() && random.nextDouble() < REMOVE_PROBABILITY) {
        String item = mine.remove(random.nextInt(mine.size()));
        Ledger.Entry entry = ledger.remove(cart, item);
        return new UserNode.Request<>(cart, strategy.remove(item), s -> entry.status = s);
      }
      String item = user + "/" + next[0]++;
      mine.add(item);
      Ledger.Entry entry = ledger.add(cart, item);
      return new UserNode.Request<>(cart, strategy.add(item), s -> entry.status = s);
    };
  }

  /** One strategy's figures. */
  record Strategy(String name, TwoRegions.Run<?> run, List<String> lost, List<String> resurrected,
      long acknowledgedAdds, int versionsAtHeal, int cartsWithSiblings, int items,
      ConvergenceCheck.Result<String, Set<String>> convergence) {

    Map<String, Object> metrics() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("lostUpdates", lost.size());
      m.put("convergenceMillis", run.convergenceMillis());
      m.put("metadataBytes", run.store().metadataBytes(run.store().replicas().get(0)));
      m.put("bytesGossiped", run.store().metrics().bytesGossiped());
      m.put("gossipMessages", run.store().metrics().messages());
      m.put("acknowledgedAdds", acknowledgedAdds);
      m.put("resurrected", resurrected.size());
      m.put("maxVersionsAtHeal", versionsAtHeal);
      m.put("cartsWithSiblings", cartsWithSiblings);
      m.put("itemsInCarts", items);
      m.put("lostExamples", lost.subList(0, Math.min(LISTED, lost.size())));
      return m;
    }
  }

  /** The three runs of one seed. */
  record Outcome(long seed, List<Strategy> strategies) {

    Strategy get(String name) {
      return strategies.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    ScenarioResult result() {
      Map<String, Object> metrics = new LinkedHashMap<>();
      metrics.put("replicas", TwoRegions.replicas().size());
      metrics.put("carts", CARTS);
      metrics.put("users", 2 * CARTS);
      for (Strategy s : strategies) {
        metrics.put(s.name(), s.metrics());
      }
      Map<String, ScenarioResult.Check> checks = new LinkedHashMap<>();
      for (Strategy s : strategies) {
        checks.put("converged." + s.name(), ScenarioResult.Check.fromMap(s.convergence().toMap()));
      }
      Map<String, Object> d = new LinkedHashMap<>();
      for (Strategy s : strategies) {
        d.put(s.name() + "LostUpdates", s.lost().size());
      }
      checks.put("crdtLosesNothing", new ScenarioResult.Check(get("orSet").lost().isEmpty(), d));
      long simulated = 0;
      for (Strategy s : strategies) {
        simulated = Math.max(simulated, s.run().sim().now());
      }
      List<TwoRegions.Run<?>> runs = new ArrayList<>();
      for (Strategy s : strategies) {
        runs.add(s.run());
      }
      return new ScenarioResult(NAME, seed, TwoRegions.combinedHash(runs), simulated, metrics, checks, summary(runs));
    }

    private String summary(List<TwoRegions.Run<?>> runs) {
      Strategy lww = get("lww");
      Strategy mv = get("mvRegister");
      Strategy or = get("orSet");
      StringBuilder s = new StringBuilder();
      s.append(NAME).append(" (seed ").append(seed).append(")\n\n");
      s.append(String.format(Locale.ROOT,
          "%d carts live on 6 replicas in two regions (us1-us3, eu1-eu3; %s-%s apart inside a%n",
          CARTS, Durations.exact(TwoRegions.IN_REGION_MIN), Durations.exact(TwoRegions.IN_REGION_MAX)));
      s.append(String.format(Locale.ROOT,
          "region, %s-%s across). Each cart has a shopper in each region, who adds an item%n",
          Durations.exact(TwoRegions.ACROSS_MIN), Durations.exact(TwoRegions.ACROSS_MAX)));
      s.append(String.format(Locale.ROOT,
          "or removes one of their own every %s-%s. The regions are cut apart from %s to %s;%n",
          Durations.exact(THINK_MIN), Durations.exact(THINK_MAX), Durations.exact(TwoRegions.PARTITION_AT), Durations.exact(TwoRegions.HEAL_AT)));
      s.append("shoppers stop at the heal and the replicas gossip deltas (every 100 ms, 2 peers) until they agree.\n");
      s.append("Clocks: us2 runs 80 ms ahead, eu3 120 ms behind. The same workload runs once per strategy.\n\n");

      TextTable t = new TextTable("strategy", "acked adds", "lost", "removed came back", "versions per read",
          "converged after", "metadata", "gossiped");
      for (Strategy x : strategies) {
        t.row(x.name(), x.acknowledgedAdds(), x.lost().size(), x.resurrected().size(),
            x.versionsAtHeal() <= 1 ? "1" : "up to " + x.versionsAtHeal(),
            x.run().convergedAfterNanos().isEmpty() ? "never"
                : Durations.human(x.run().convergedAfterNanos().getAsLong()),
            x.run().store().metadataBytes(x.run().store().replicas().get(0)) + " B",
            kb(x.run().store().metrics().bytesGossiped()));
      }
      s.append(t.render()).append('\n');

      s.append("What happened\n");
      s.append(String.format(Locale.ROOT,
          "- lww stores the whole cart as one value stamped with the writing replica's clock.%n"));
      s.append(String.format(Locale.ROOT,
          "  Writes that did not see each other (the two regions during the cut, or two%n"));
      s.append(String.format(Locale.ROOT,
          "  shoppers a few ms apart) are resolved by keeping the later stamp: the other write's%n"));
      s.append(String.format(Locale.ROOT,
          "  items vanish although the shopper was told \"added\". %d of %d acknowledged adds%n",
          lww.lost().size(), lww.acknowledgedAdds()));
      s.append(String.format(Locale.ROOT, "  were lost%s.%n", lww.lost().isEmpty() ? "" : " (e.g. " + String.join(", ",
          lww.lost().subList(0, Math.min(LISTED, lww.lost().size()))) + ")"));
      s.append(String.format(Locale.ROOT,
          "  Skew makes it worse: eu3's stamps are 120 ms low, so its writes lose even to writes%n"));
      s.append(String.format(Locale.ROOT, "  made before them that they had already seen.%n"));
      s.append(String.format(Locale.ROOT,
          "- mvRegister keeps concurrent writes side by side: after the heal a read returns up to %d%n",
          Math.max(mv.versionsAtHeal(), 1)));
      s.append(String.format(Locale.ROOT,
          "  versions (siblings) of a cart, and %d of %d carts still hold siblings at the end. The%n",
          mv.cartsWithSiblings(), CARTS));
      s.append(String.format(Locale.ROOT,
          "  application must merge them; merging by union (as Amazon did) lost %d adds, but%n",
          mv.lost().size()));
      s.append(String.format(Locale.ROOT,
          "  %d removed items came back: a remove on one side is undone by the other side's sibling.%n",
          mv.resurrected().size()));
      s.append(String.format(Locale.ROOT,
          "- orSet merges adds and removes per item (add wins over a concurrent remove): %d lost,%n",
          or.lost().size()));
      s.append(String.format(Locale.ROOT,
          "  %d came back. The price is metadata: a dot per live item plus a version vector.%n",
          or.resurrected().size()));
      boolean allConverged = strategies.stream().allMatch(x -> x.convergence().valid());
      s.append(allConverged
          ? "- All three converged after the heal: converging is not the same as keeping the data.\n"
          : "- Some replicas did NOT converge: see the converged.* checks.\n");
      s.append('\n');
      s.append("trace hash ").append(TwoRegions.combinedHash(runs)).append(" (the three runs combined)\n");
      s.append("re-run with --seed ").append(seed).append(" to reproduce\n");
      return s.toString();
    }
  }

  static String kb(long bytes) {
    return String.format(Locale.ROOT, "%.1f KB", bytes / 1000.0);
  }
}
