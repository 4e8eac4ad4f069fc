package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.LatencyModel;
import dev.caplab.net.NodeId;
import dev.caplab.replication.sharding.WriteSharding;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

/**
 * A sharded counter of likes on a throttled store, with random workloads, shard counts, limits,
 * retry budgets and (optionally) store-node crashes. Each increment is a blind DVV write of a
 * unique increment id to one shard key chosen by {@link WriteSharding#randomSuffix}; the counter's
 * value is the number of distinct ids over every shard a read gathers, after the store has healed
 * and converged. What the property asserts, precisely:
 *
 * <ul>
 *   <li>every acknowledged increment is counted, exactly once: its id is found, in exactly one
 *       shard (a throttled attempt and its retries resend the same id to the same shard, so an
 *       increment that landed twice is still one id);
 *   <li>nothing is counted that no client sent;
 *   <li>a given-up increment is never counted, with or without crashes: every one of its attempts
 *       was refused by the key's primary, and a metered write reaches the other replicas only once
 *       its primary has admitted it (under DVV the primary also mints its dot), so a refused write
 *       is stored nowhere;
 *   <li>if no increment ended unavailable (its request timeout passed without W acknowledgements,
 *       always the case without crashes), the set of counted increments equals the set of
 *       acknowledged ones. Otherwise, as sets: acknowledged &sube; counted &sube; acknowledged
 *       &cup; unavailable. An unavailable write may or may not have landed (its primary may have
 *       admitted it, or been presumed down and the write gone on unmetered), so it is counted at
 *       most once, and nothing else is counted;
 *   <li>without crashes no request ends unavailable: every increment is acknowledged or gave up
 *       throttled, and the client's counts add up (attempts = increments + retries).
 * </ul>
 */
class ThrottledCounterProperties {

  private static final String LIKES = "likes";

  @Property(tries = 60)
  void theSumOverShardsCountsEveryAcknowledgedIncrementOnce(
      @ForAll @IntRange(min = 1, max = 8) int k,
      @ForAll @IntRange(min = 1, max = 4) int clients,
      @ForAll @IntRange(min = 1, max = 25) int perClient,
      @ForAll @IntRange(min = 5, max = 200) int writeLimit,
      @ForAll @IntRange(min = 1, max = 4) int maxAttempts,
      @ForAll boolean crashes,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
    check(k, clients, perClient, writeLimit, maxAttempts, crashes, seed);
    // The property must meet throttling, retries and give-ups often enough to mean something.
    Statistics.label("an increment gave up").coverage(c -> c.check(true).percentage(p -> p >= 10));
    Statistics.label("a throttled increment was retried").coverage(c -> c.check(true).percentage(p -> p >= 30));
  }

  /**
   * A case that once lost an acknowledged increment: a coordinator that was not the primary minted
   * a DVV dot for a write awaiting admission without making it durable; the primary admitted and
   * stored it, the coordinator crashed, and after its restart minted the same dot again for another
   * increment of the same shard, which the replicas then took for the one they already held.
   */
  @Example
  void aCoordinatorCrashWhileItsWriteAwaitsAdmissionLosesNoAcknowledgedIncrement() {
    check(2, 3, 5, 25, 3, true, 268213);
  }

  private void check(int k, int clients, int perClient, int writeLimit, int maxAttempts, boolean crashes, long seed) {
    PartitionCapacity capacity = PartitionCapacity.custom().writeUnitsPerSecond(writeLimit)
        .burstWindow(Duration.ofMillis(seed % 3 * 100)).initialCredit(Duration.ofMillis(seed % 5 * 50))
        .heatPeriod(Duration.ofMillis(500)).splitDelay(Duration.ofMillis(200)).build();
    QuorumConfig config = QuorumConfig.custom().versioning(Versioning.DVV).partitionCapacity(capacity)
        .consistency(Consistency.QUORUM, Consistency.QUORUM)
        .throttleRetry(ThrottleRetry.custom().maxAttempts(maxAttempts).base(Duration.ofMillis(2))
            .cap(Duration.ofMillis(50)).build())
        .antiEntropyInterval(Duration.ofMillis(200)).build();
    Fixture f = new Fixture(seed, 3, clients, config, LatencyModel.uniform(Duration.ofMillis(1), Duration.ofMillis(3)));
    WriteSharding sharding = WriteSharding.randomSuffix(k);
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, String> shardOf = new LinkedHashMap<>();
    TreeSet<String> acked = new TreeSet<>();
    TreeSet<String> gaveUp = new TreeSet<>();
    TreeSet<String> unknown = new TreeSet<>();
    int[] done = new int[1];
    for (int c = 0; c < clients; c++) {
      int client = c;
      Runnable[] next = new Runnable[1];
      int[] sent = new int[1];
      next[0] = () -> {
        if (sent[0] == perClient) {
          return;
        }
        QuorumClient q = f.store.client(client);
        if (q == null || q.busy()) {
          f.sim.schedule(Duration.ofMillis(5), next[0]);
          return;
        }
        String id = "c" + client + "-" + sent[0]++;
        String shard = sharding.writeKey(LIKES, null, random);
        shardOf.put(id, shard);
        q.forgetContext(shard); // blind: every increment is a sibling of its own
        q.write(shard, id, r -> {
          if (r.ok()) {
            acked.add(id);
          } else if (r.throttled()) {
            gaveUp.add(id);
          } else {
            unknown.add(id);
          }
          done[0]++;
          f.sim.schedule(Duration.ofNanos(random.nextLong(2_000_000)), next[0]);
        });
      };
      f.sim.schedule(Duration.ofNanos(random.nextLong(1_000_000)), next[0]);
    }
    List<NodeId> nodes = f.store.storeNodes();
    if (crashes) {
      for (int i = 0; i < 3; i++) {
        NodeId victim = nodes.get(random.nextInt(nodes.size()));
        f.sim.schedule(Duration.ofMillis(20 + random.nextLong(300)), () -> {
          if (f.cluster.isUp(victim)) {
            f.cluster.crash(victim);
            f.sim.schedule(Duration.ofMillis(50 + random.nextLong(200)), () -> {
              if (!f.cluster.isUp(victim)) { // the end of the run may have restarted it already
                f.cluster.restart(victim);
              }
            });
          }
        });
      }
    }
    int total = clients * perClient;
    f.sim.runUntil(() -> done[0] == total, Duration.ofSeconds(120));
    // A crash can swallow a client's call outcome only if the client crashes; clients never do here.
    assertEquals(total, done[0], "every increment ended (seed " + seed + ")");
    for (NodeId n : nodes) {
      if (!f.cluster.isUp(n)) {
        f.cluster.restart(n);
      }
    }
    f.sim.runFor(Duration.ofSeconds(5)); // anti-entropy and hint replay converge the replicas

    TreeMap<String, TreeSet<String>> found = new TreeMap<>(); // id -> shard keys it is in
    for (String shard : sharding.readKeys(LIKES)) {
      for (NodeId n : nodes) {
        Siblings s = f.store.replicaState(n, shard);
        if (s != null) {
          for (String id : s.values()) {
            found.computeIfAbsent(id, x -> new TreeSet<>()).add(shard);
          }
        }
      }
    }
    String ctx = " (k=" + k + ", seed " + seed + ", acked " + acked.size() + ", gave up " + gaveUp.size()
        + ", unknown " + unknown.size() + ", counted " + found.size() + ")";
    for (String id : acked) {
      assertTrue(found.containsKey(id), "acknowledged increment " + id + " lost" + ctx);
    }
    for (Map.Entry<String, TreeSet<String>> e : found.entrySet()) {
      assertTrue(shardOf.containsKey(e.getKey()), "counted " + e.getKey() + " that no client sent" + ctx);
      assertEquals(List.of(shardOf.get(e.getKey())), List.copyOf(e.getValue()), "one id, one shard" + ctx);
    }
    for (String id : gaveUp) {
      assertFalse(found.containsKey(id), "given-up increment " + id + " counted" + ctx);
    }
    for (String id : found.keySet()) {
      assertTrue(acked.contains(id) || unknown.contains(id), "counted " + id + ", neither acknowledged nor unknown" + ctx);
    }
    if (unknown.isEmpty()) {
      assertEquals(acked, new TreeSet<>(found.keySet()), "the sum over shards is exactly the acknowledged" + ctx);
    }
    assertTrue(f.store.divergentKeys().isEmpty(), "replicas converged" + ctx);
    QuorumMetrics m = f.store.metrics();
    Statistics.label("an increment gave up").collect(!gaveUp.isEmpty());
    Statistics.label("a throttled increment was retried").collect(m.clientRetries() > 0);
    Statistics.label("a write ended unavailable").collect(!unknown.isEmpty());
    if (!crashes) {
      assertEquals(0, unknown.size(), "without crashes nothing is unavailable" + ctx);
      assertEquals(total + m.clientRetries(), m.clientWriteAttempts(), ctx);
      assertEquals(gaveUp.size(), m.clientWriteGiveUps(), ctx);
      assertEquals(acked.size(), total - m.clientWriteGiveUps(), ctx);
    }
  }
}
