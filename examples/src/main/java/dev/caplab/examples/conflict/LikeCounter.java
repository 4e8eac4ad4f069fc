package dev.caplab.examples.conflict;

import dev.caplab.check.ConvergenceCheck;
import dev.caplab.check.CounterCheck;
import dev.caplab.examples.scenario.LegacyScenario;
import dev.caplab.examples.scenario.ScenarioResult;
import dev.caplab.examples.scenario.TextTable;
import dev.caplab.net.NodeId;
import dev.caplab.replication.crdt.Crdt;
import dev.caplab.replication.crdt.conflict.CounterStrategy;
import dev.caplab.replication.crdt.store.CrdtStore;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Like counters under concurrent increments: many fans in two regions (see {@link TwoRegions})
 * like two posts, also while the regions are cut apart. The same workload runs once per {@link
 * CounterStrategy}: {@code lww} (read the integer, add one, write it back under last-writer-wins)
 * loses most concurrent increments; {@code pnCounter} counts every one.
 *
 * <p>Stateless and thread-safe; each {@link #run} builds its own simulations.
 */
public final class LikeCounter implements LegacyScenario {

  /** The command-line name. */
  public static final String NAME = "like-counter";

  static final List<String> POSTS = List.of("post-1", "post-2");
  static final int FANS_PER_REGION = 6;
  static final Duration THINK_MIN = Duration.ofMillis(20);
  static final Duration THINK_MAX = Duration.ofMillis(60);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "12 fans like 2 posts in 2 regions, partitioned 1s-4s: LWW counter loses likes, PN-Counter counts all";
  }

  @Override
  public ScenarioResult run(long seed) {
    return execute(seed).result();
  }

  Outcome execute(long seed) {
    return new Outcome(seed, List.of(runStrategy(CounterStrategy.lww(), seed),
        runStrategy(CounterStrategy.pnCounter(), seed)));
  }

  private static <C extends Crdt<C, ?>> Strategy runStrategy(CounterStrategy<C> strategy, long seed) {
    Ledger ledger = new Ledger();
    List<TwoRegions.User<C>> users = new ArrayList<>();
    for (int i = 1; i <= FANS_PER_REGION; i++) {
      users.add(new TwoRegions.User<>("fan" + i + "us", TwoRegions.US.get((i - 1) % TwoRegions.US.size()),
          fan(strategy, ledger)));
      users.add(new TwoRegions.User<>("fan" + i + "eu", TwoRegions.EU.get((i - 1) % TwoRegions.EU.size()),
          fan(strategy, ledger)));
    }
    TwoRegions.Run<C> run = TwoRegions.run(seed, strategy.zero(), users, THINK_MIN, THINK_MAX, store -> {});
    CrdtStore<C> store = run.store();
    long lost = 0;
    long acknowledged = 0;
    Map<String, Long> finals = new java.util.TreeMap<>();
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
    return new Strategy(strategy.name(), run, lost, acknowledged, finals, convergence);
  }

  private static <C extends Crdt<C, ?>> UserNode.Behaviour<C> fan(CounterStrategy<C> strategy, Ledger ledger) {
    return random -> {
      String post = POSTS.get(random.nextInt(POSTS.size()));
      Ledger.Entry entry = ledger.increment(post, 1);
      return new UserNode.Request<>(post, strategy.increment(1), s -> entry.status = s);
    };
  }

  /** One strategy's figures. */
  record Strategy(String name, TwoRegions.Run<?> run, long lost, long acknowledged, Map<String, Long> finalValues,
      ConvergenceCheck.Result<String, Long> convergence) {

    Map<String, Object> metrics() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("lostUpdates", lost);
      m.put("convergenceMillis", run.convergenceMillis());
      m.put("metadataBytes", run.store().metadataBytes(run.store().replicas().get(0)));
      m.put("bytesGossiped", run.store().metrics().bytesGossiped());
      m.put("gossipMessages", run.store().metrics().messages());
      m.put("acknowledgedIncrements", acknowledged);
      m.put("finalValues", new LinkedHashMap<String, Object>(finalValues));
      return m;
    }
  }

  /** The runs of one seed. */
  record Outcome(long seed, List<Strategy> strategies) {

    Strategy get(String name) {
      return strategies.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    ScenarioResult result() {
      Map<String, Object> metrics = new LinkedHashMap<>();
      metrics.put("replicas", TwoRegions.replicas().size());
      metrics.put("fans", 2 * FANS_PER_REGION);
      metrics.put("posts", POSTS.size());
      for (Strategy s : strategies) {
        metrics.put(s.name(), s.metrics());
      }
      Map<String, ScenarioResult.Check> checks = new LinkedHashMap<>();
      for (Strategy s : strategies) {
        checks.put("converged." + s.name(), ScenarioResult.Check.fromMap(s.convergence().toMap()));
      }
      Map<String, Object> d = new LinkedHashMap<>();
      for (Strategy s : strategies) {
        d.put(s.name() + "LostUpdates", s.lost());
      }
      checks.put("crdtLosesNothing", new ScenarioResult.Check(get("pnCounter").lost() == 0, d));
      List<TwoRegions.Run<?>> runs = new ArrayList<>();
      long simulated = 0;
      for (Strategy s : strategies) {
        runs.add(s.run());
        simulated = Math.max(simulated, s.run().sim().now());
      }
      return new ScenarioResult(NAME, seed, TwoRegions.combinedHash(runs), simulated, metrics, checks, summary(runs));
    }

    private String summary(List<TwoRegions.Run<?>> runs) {
      Strategy lww = get("lww");
      Strategy pn = get("pnCounter");
      StringBuilder s = new StringBuilder();
      s.append(NAME).append(" (seed ").append(seed).append(")\n\n");
      s.append(String.format(Locale.ROOT,
          "%d fans (%d per region) like %s every %s-%s, each through a replica of their%n",
          2 * FANS_PER_REGION, FANS_PER_REGION, String.join(" or ", POSTS), Durations.exact(THINK_MIN),
          Durations.exact(THINK_MAX)));
      s.append(String.format(Locale.ROOT,
          "region (us1-us3, eu1-eu3). The regions are cut apart from %s to %s; fans stop at the%n",
          Durations.exact(TwoRegions.PARTITION_AT), Durations.exact(TwoRegions.HEAL_AT)));
      s.append("heal and the replicas gossip until they agree. us2's clock runs 80 ms ahead, eu3's 120 ms behind.\n\n");
      TextTable t = new TextTable("strategy", "acked likes", "counted", "lost", "converged after", "metadata",
          "gossiped");
      for (Strategy x : strategies) {
        long counted = x.finalValues().values().stream().mapToLong(Long::longValue).sum();
        t.row(x.name(), x.acknowledged(), counted, x.lost(),
            x.run().convergedAfterNanos().isEmpty() ? "never"
                : Durations.human(x.run().convergedAfterNanos().getAsLong()),
            x.run().store().metadataBytes(x.run().store().replicas().get(0)) + " B",
            ShoppingCart.kb(x.run().store().metrics().bytesGossiped()));
      }
      s.append(t.render()).append('\n');
      s.append("What happened\n");
      s.append(String.format(Locale.ROOT,
          "- lww keeps the count as one integer: a replica reads n, writes n+1 stamped with its clock.%n"));
      s.append(String.format(Locale.ROOT,
          "  Two likes that did not see each other both write n+1 and one of them wins, so the%n"));
      s.append(String.format(Locale.ROOT,
          "  other like is gone although the fan was told \"liked\". That happens between replicas%n"));
      s.append(String.format(Locale.ROOT,
          "  a few ms apart all the time; and at the heal one region's count replaces the other's,%n"));
      s.append(String.format(Locale.ROOT,
          "  so every like the losing region counted during the cut is gone as well:%n"));
      s.append(String.format(Locale.ROOT,
          "  %d of %d acknowledged likes were lost (%.0f%%).%n", lww.lost(), lww.acknowledged(),
          lww.acknowledged() == 0 ? 0.0 : 100.0 * lww.lost() / lww.acknowledged()));
      s.append(String.format(Locale.ROOT,
          "- pnCounter keeps one count per replica and merges by maximum per replica: a like is%n"));
      s.append(String.format(Locale.ROOT,
          "  never overwritten, only added. %d lost; the metadata is one entry per replica that counted.%n",
          pn.lost()));
      s.append('\n');
      s.append("trace hash ").append(TwoRegions.combinedHash(runs)).append(" (the runs combined)\n");
      s.append("re-run with --seed ").append(seed).append(" to reproduce\n");
      return s.toString();
    }
  }
}
