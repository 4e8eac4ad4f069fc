package dev.caplab.examples.celebrity;

import dev.caplab.examples.scenario.Arrivals;
import dev.caplab.examples.scenario.Scenario;
import dev.caplab.examples.scenario.ScenarioRun;
import dev.caplab.examples.scenario.VariantKey;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.replication.cache.WriteBackCache;
import dev.caplab.replication.cache.WriteBackConfig;
import dev.caplab.replication.cache.WriteBackStats;
import dev.caplab.replication.quorum.QuorumCluster;
import dev.caplab.replication.quorum.QuorumConfig;
import dev.caplab.replication.quorum.PartitionCapacity;
import dev.caplab.report.Block;
import dev.caplab.report.Check;
import dev.caplab.report.Metric;
import dev.caplab.report.Unit;
import dev.caplab.sim.Simulation;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A celebrity's post receives a burst of likes, and its like counter is one key: one partition (the
 * key's replicas) takes every write while the rest of the store idles. Each {@link Strategy} runs in
 * its own simulation from the same seed, so all meet the same likes and reads: no sharding, random
 * write sharding with k = 2 to 64 shards, adaptive sharding, and a write-back cache that buffers the
 * likes in memory and writes the count once per flush interval, and that crashes once mid-burst.
 *
 * <p>The lesson, measured: a hot key is a hot partition; sharding spreads its writes over k
 * partitions and pays at read time, when every read gathers k keys; caching trades durability for
 * fewer writes and lower latency, and the likes acknowledged but not yet flushed when the cache
 * dies are lost.
 *
 * <p>Stateless and thread-safe.
 */
public final class CelebrityHotKey implements Scenario {

  /** The command-line name. */
  public static final String NAME = "celebrity-hot-key";

  static final String POST = "post:celebrity:likes";
  static final int STORE_NODES = 8;
  static final int REPLICAS = 3;
  /** DynamoDB's limits: 1,000 writes and 3,000 reads a second per partition, unused capacity saved. */
  static final PartitionCapacity PARTITION = PartitionCapacity.limited();
  static final Duration LINK_MEDIAN = Duration.ofNanos(500_000);
  static final double LINK_SIGMA = 0.3;
  static final double BASE_RATE = 200;
  static final double BURST_RATE = 5_000;
  static final Duration BURST_FROM = Duration.ofMillis(500);
  static final Duration BURST_TO = Duration.ofMillis(1_500);
  static final Duration LOAD_UNTIL = Duration.ofSeconds(2);
  static final double READ_RATE = 50;
  static final Duration FINAL_READ_AT = Duration.ofSeconds(10);
  static final Duration RUN_FOR = Duration.ofSeconds(11);
  static final Duration BUCKET = Duration.ofMillis(100);
  static final Duration HEAT_UNTIL = Duration.ofSeconds(7);
  static final Duration CACHE_CRASH_AT = Duration.ofMillis(1_050);
  static final WriteBackConfig CACHE = WriteBackConfig.custom().flushInterval(Duration.ofMillis(100)).build();
  /** The strategies whose writes the report maps per partition. */
  static final List<Strategy> MAPPED = List.of(Strategy.NONE, Strategy.SHARDS8, Strategy.ADAPTIVE, Strategy.WRITE_BACK);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "a burst of likes on one post's counter key: one key vs k shards vs adaptive shards vs a write-back cache";
  }

  @Override
  public String question() {
    return "When one key takes a burst of writes, how much does spreading it over k shards relieve its partition,"
        + " what does every read pay for the shards, and what does a write-back cache save and lose?";
  }

  @Override
  public List<String> variants() {
    return VariantKey.keysOf(Strategy.values());
  }

  @Override
  public void run(ScenarioRun run) {
    Map<Strategy, Result> results = run.eachVariant(Strategy.class, (sim, s) -> runOne(sim, s));
    new Outcome(results).report(run);
  }

  /** What one strategy's run measured. */
  record Result(LikeLedger ledger, WriteBackStats cache) {

    /** Increments the store should hold: every acknowledged like but the ones the cache lost. */
    long expectedCount() {
      return ledger.acknowledged - ledger.lost;
    }

    boolean countMatches() {
      return ledger.finalCount == expectedCount();
    }
  }

  private static Result runOne(Simulation sim, Strategy strategy) {
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(LinkProfile.custom()
        .latency(LatencyModel.logNormal(LINK_MEDIAN, LINK_SIGMA)).fifo(true).build());
    QuorumCluster store = QuorumCluster.builder(cluster).storeNodes(STORE_NODES).clients(0)
        .config(QuorumConfig.custom().replicationFactor(REPLICAS).antiEntropy(false).hintedHandoff(false)
            .partitionCapacity(PARTITION).build())
        .build();
    LikeLedger ledger = new LikeLedger(store.ring().tokens(), store::preferenceList, BURST_FROM.toNanos(),
        BURST_TO.toNanos(), BUCKET.toNanos(), HEAT_UNTIL.toNanos());
    LikeService.Plan plan = new LikeService.Plan(strategy, POST, likes(sim), reads(sim), FINAL_READ_AT.toNanos(),
        CACHE_CRASH_AT.toNanos(), CACHE);
    NodeId web = cluster.add("web", () -> new LikeService(plan, ledger, store::preferenceList));
    sim.runFor(RUN_FOR);
    WriteBackStats stats = null;
    if (strategy.writeBack()) {
      long acknowledged = 0;
      long lost = 0;
      long writes = 0;
      for (WriteBackCache c : cluster.node(web, LikeService.class).caches()) {
        WriteBackStats s = c.stats();
        acknowledged += s.acknowledged();
        lost += s.lost();
        writes += s.writes();
      }
      ledger.lost = lost;
      stats = new WriteBackStats(acknowledged, 0, 0, 0, lost, 0, 0, 0, 0, writes, 0);
    }
    return new Result(ledger, stats);
  }

  /** The likes: a steady trickle, and the burst on top; from the workload's own streams. */
  private static long[] likes(Simulation sim) {
    long[] base = Arrivals.poisson(sim.random("workload/likes"), BASE_RATE, 1).until(LOAD_UNTIL.toNanos());
    long[] burst = Arrivals.poisson(sim.random("workload/burst"), BURST_RATE, 1)
        .until(BURST_TO.toNanos() - BURST_FROM.toNanos());
    long[] all = Arrays.copyOf(base, base.length + burst.length);
    for (int i = 0; i < burst.length; i++) {
      all[base.length + i] = BURST_FROM.toNanos() + burst[i];
    }
    Arrays.sort(all);
    return all;
  }

  private static long[] reads(Simulation sim) {
    return Arrivals.poisson(sim.random("workload/reads"), READ_RATE, 1).until(LOAD_UNTIL.toNanos());
  }

  /** Everything one run measured; {@link #report} turns it into prose, tables, maps, metrics and checks. */
  record Outcome(Map<Strategy, Result> results) {

    LikeLedger ledger(Strategy s) {
      return results.get(s).ledger();
    }

    void report(ScenarioRun run) {
      LikeLedger none = ledger(Strategy.NONE);
      LikeLedger wide = ledger(Strategy.SHARDS64);
      LikeLedger adaptive = ledger(Strategy.ADAPTIVE);
      LikeLedger cached = ledger(Strategy.WRITE_BACK);
      run.paragraph(String.format(Locale.ROOT, "A post's like counter is one key in a quorum store of %d nodes"
          + " (N=%d, W=2, R=2). The store limits each partition, as DynamoDB does: %,d writes and %,d reads a second"
          + " at its primary replica, with unused capacity saved for later bursts (%s of it to start with), and it refuses"
          + " what exceeds the limit with a retriable throttled answer; the writer retries it after a jittered"
          + " backoff until it succeeds. Likes arrive at %.0f a second, and at %,.0f a second from %s to %s:"
          + " %,d likes in all. Readers ask for the count %.0f times a second. Every strategy meets the same likes"
          + " and reads.", STORE_NODES, REPLICAS, PARTITION.writeUnitsPerSecond(), PARTITION.readUnitsPerSecond(),
          human(PARTITION.initialCredit()), BASE_RATE, BURST_RATE, human(BURST_FROM), human(BURST_TO), none.likes,
          READ_RATE));
      run.heading("What happened");
      run.bullets(List.of(
          String.format(Locale.ROOT, "One key is one partition: without sharding every like is a write to the same"
              + " partition. Its saved capacity let it accept %,d writes a second during the burst, then it"
              + " throttled: %s of %,d write attempts for %,d likes, each throttled like retrying after a backoff;"
              + " likes waited %s at p99.", none.acceptedWriteRate(), percent(none.throttledShare()),
              none.writesSent, none.likes, Durations.human(none.likeLatency.p99())),
          String.format(Locale.ROOT, "Sharding spreads the key's writes over k keys, and so over up to k partitions:"
              + " with 64 shards the store accepted %,d writes a second during the burst, throttled %s, and a like"
              + " waited %s at p99.", wide.acceptedWriteRate(), percent(wide.throttledShare()),
              Durations.human(wide.likeLatency.p99())),
          String.format(Locale.ROOT, "Sharding pays at read time: a read of the count gathers all k shards, k quorum"
              + " reads instead of one, and waits for the slowest. A read took %s at p99 from one key, %s from 4"
              + " shards and %s from 64 (64 keys, %d replica reads and 64 read units for one count). Adaptive"
              + " sharding gave the key shards only once its sketch saw it hot, %d keys a read at most; the"
              + " partition's saved capacity carried the first window, and likes waited %s at p99.",
              Durations.human(none.readLatency.p99()),
              Durations.human(ledger(Strategy.SHARDS4).readLatency.p99()), Durations.human(wide.readLatency.p99()),
              64 * 2, adaptive.maxFanout, Durations.human(adaptive.likeLatency.p99())),
          String.format(Locale.ROOT, "A write-back cache answers from memory and writes the count once per %s: %,d"
              + " writes to the store instead of %,d, and a like waited %s. The price is durability: the cache"
              + " crashed at %s and %,d likes it had acknowledged but not yet flushed were lost.",
              human(CACHE.flushInterval()), cached.writesSent, none.writesSent,
              Durations.human(cached.likeLatency.p99()), human(CACHE_CRASH_AT), cached.lost),
          "The store's final count equals the likes acknowledged (minus the ones the cache lost) for every strategy: "
              + (allCountsMatch() ? "yes." : "NO.")));
      table(run);
      run.paragraph("The table: writes sent to the store (retries included), writes it accepted per second of the"
          + " burst, the share of write attempts throttled, latencies at p99, the keys a read gathers, likes"
          + " acknowledged, likes lost, and the count a quorum read found after the run. The map: a row per ring"
          + " partition written (p<i>, its first replica in brackets), a cell per " + human(BUCKET) + ".");
      run.add(heatMap());
      List<Block.Curve> curves = new ArrayList<>();
      for (Strategy s : List.of(Strategy.NONE, Strategy.SHARDS8, Strategy.SHARDS64, Strategy.ADAPTIVE)) {
        curves.add(Block.Curve.of(s.key(), ledger(s).likeLatency));
      }
      run.add(new Block.Distribution("likes", "Like latency, from arrival to acknowledgement", curves));
      List<Block.Curve> reads = new ArrayList<>();
      for (Strategy s : List.of(Strategy.NONE, Strategy.SHARDS8, Strategy.SHARDS64, Strategy.ADAPTIVE)) {
        reads.add(Block.Curve.of(s.key(), ledger(s).readLatency));
      }
      run.add(new Block.Distribution("reads", "Read latency: one key, or every shard gathered", reads));
      metrics(run);
      checks(run);
    }

    /** One map for the mapped strategies, so that they share one colour scale: a row per partition written. */
    Block.HeatMap heatMap() {
      List<String> rows = new ArrayList<>();
      List<long[]> counts = new ArrayList<>();
      for (Strategy s : MAPPED) {
        LikeLedger l = ledger(s);
        for (Map.Entry<Integer, long[]> e : l.partitionWrites.entrySet()) {
          rows.add(s.key() + " p" + e.getKey() + " (" + l.primaries.get(e.getKey()).name() + ")");
          counts.add(e.getValue());
        }
      }
      return new Block.HeatMap("heat", "Writes per partition per " + human(BUCKET) + ": "
          + String.join(", ", MAPPED.stream().map(Strategy::key).toList()), "partition", "writes", rows, 0,
          BUCKET.toNanos(), counts.toArray(new long[0][]));
    }

    boolean allCountsMatch() {
      return results.values().stream().allMatch(Result::countMatches);
    }

    private void table(ScenarioRun run) {
      Block.Table.Builder t = Block.Table.builder("strategies", "The burst, by strategy",
          new Block.Column("strategy", Unit.TEXT), new Block.Column("writes", Unit.COUNT),
          new Block.Column("accepted/s", Unit.COUNT), new Block.Column("throttled", Unit.RATIO),
          new Block.Column("like p99", Unit.NANOSECONDS), new Block.Column("read p99", Unit.NANOSECONDS),
          new Block.Column("keys/read", Unit.COUNT), new Block.Column("acked", Unit.COUNT),
          new Block.Column("lost", Unit.COUNT), new Block.Column("final", Unit.COUNT));
      for (Strategy s : Strategy.values()) {
        LikeLedger l = ledger(s);
        t.row(s.key(), l.writesSent, l.acceptedWriteRate(), l.throttledShare(), l.likeLatency.p99(),
            l.readLatency.p99(), (long) l.maxFanout, l.acknowledged, l.lost, l.finalCount);
      }
      run.add(t.build());
    }

    private void metrics(ScenarioRun run) {
      run.metric("likes", Unit.COUNT, ledger(Strategy.NONE).likes);
      for (Strategy s : Strategy.values()) {
        LikeLedger l = ledger(s);
        String k = s.key() + ".";
        run.metric(k + "acceptedWriteRate", Unit.COUNT, l.acceptedWriteRate());
        run.metric(k + "throttled", Unit.RATIO, l.throttledShare());
        run.metric(k + "writeP99", Unit.NANOSECONDS, l.likeLatency.p99());
        run.metric(k + "readP99", Unit.NANOSECONDS, l.readLatency.p99());
        run.metric(k + "readFanout", Unit.COUNT, (long) l.maxFanout);
        run.metric(k + "lostIncrements", Unit.COUNT, l.lost);
        run.metric(k + "acknowledged", Unit.COUNT, l.acknowledged);
        run.metric(k + "writesSent", Unit.COUNT, l.writesSent);
        run.metric(k + "writesFailed", Unit.COUNT, l.writesFailed);
        run.metric(k + "retries", Unit.COUNT, l.retries);
        run.metric(k + "readsFailed", Unit.COUNT, l.readsFailed);
        run.metric(k + "finalCount", Unit.COUNT, l.finalCount);
      }
    }

    private void checks(ScenarioRun run) {
      List<Metric> evidence = new ArrayList<>();
      for (Strategy s : Strategy.values()) {
        Result r = results.get(s);
        evidence.add(Metric.count(s.key() + "Final", r.ledger().finalCount));
        evidence.add(Metric.count(s.key() + "Expected", r.expectedCount()));
      }
      run.check(new Check("finalCountIsAcknowledgedMinusLost", allCountsMatch(),
          "for every strategy, the count a quorum read of every shard finds after the run equals the likes"
              + " acknowledged minus the likes the write-back cache lost in its crash (none for the others)",
          evidence));
      LikeLedger none = ledger(Strategy.NONE);
      LikeLedger wide = ledger(Strategy.SHARDS64);
      run.check(Check.of("shardingRelievesTheHotPartition", wide.likeLatency.p99() < none.likeLatency.p99()
              && wide.acceptedWriteRate() > none.acceptedWriteRate(),
          "64 shards accept more writes a second during the burst than one key, and likes wait less at p99",
          Metric.count("noneAcceptedWriteRate", none.acceptedWriteRate()),
          Metric.count("shards64AcceptedWriteRate", wide.acceptedWriteRate()),
          Metric.nanos("noneWriteP99", none.likeLatency.p99()), Metric.nanos("shards64WriteP99", wide.likeLatency.p99())));
      LikeLedger cached = ledger(Strategy.WRITE_BACK);
      run.check(Check.of("writeBackTradesDurability", cached.writesSent * 10 < none.writesSent && cached.lost > 0,
          "the write-back cache sends under a tenth of the writes and loses likes in its crash",
          Metric.count("writeBackWrites", cached.writesSent), Metric.count("noneWrites", none.writesSent),
          Metric.count("lost", cached.lost)));
    }
  }

  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * ratio);
  }

  static String human(Duration d) {
    return Durations.human(d.toNanos());
  }
}
