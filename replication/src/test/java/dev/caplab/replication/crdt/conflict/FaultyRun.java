package dev.caplab.replication.crdt.conflict;

import dev.caplab.check.ConvergenceCheck;
import dev.caplab.check.CounterCheck;
import dev.caplab.check.SetCheck;
import dev.caplab.fault.FaultLog;
import dev.caplab.fault.Nemesis;
import dev.caplab.fault.NemesisConfig;
import dev.caplab.history.Operation;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.replication.crdt.Crdt;
import dev.caplab.replication.crdt.store.CrdtMessage.UpdateOk;
import dev.caplab.replication.crdt.store.CrdtStore;
import dev.caplab.replication.crdt.store.CrdtStoreConfig;
import dev.caplab.replication.crdt.store.GossipMode;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.random.RandomGenerator;

/**
 * One hostile run of a strategy over a 5-replica store: 5% loss, 5% duplication, a nemesis that
 * partitions, crashes and skews clocks (up to 200 ms) until {@link #FAULTS_UNTIL}, and a workload of
 * local updates at random replicas during the same time. The workload draws from its own stream,
 * so the same seed gives the same operations whatever the strategy or gossip mode; a remove always
 * targets an element its own replica added, so whether it applies does not depend on gossip.
 */
final class FaultyRun {

  static final List<String> REPLICAS = List.of("r0", "r1", "r2", "r3", "r4");
  static final Duration FAULTS_UNTIL = Duration.ofSeconds(3);
  static final Duration OP_EVERY_MAX = Duration.ofMillis(10);
  static final Duration CONVERGE_WITHIN = Duration.ofSeconds(10);
  static final String KEY = "k";

  private FaultyRun() {}

  /** What a run left behind. */
  record Outcome<C>(String traceHash, OptionalLong convergedAfterNanos,
      ConvergenceCheck.Result<String, Object> convergence, SortedMap<String, C> finalData, long lost,
      long acknowledged, String detail) {}

  static <C extends Crdt<C, ?>> Outcome<C> set(SetStrategy<C> strategy, GossipMode mode, long seed) {
    Setup<C> s = new Setup<>(strategy.empty(), mode, seed);
    List<SetCheck.Attempt<String>> attempts = new ArrayList<>();
    List<List<String>> own = new ArrayList<>();
    for (int i = 0; i < REPLICAS.size(); i++) {
      own.add(new ArrayList<>());
    }
    int[] next = {0};
    s.everyOp(() -> {
      int r = s.workload.nextInt(REPLICAS.size());
      boolean remove = s.workload.nextDouble() < 0.3 && !own.get(r).isEmpty();
      int pick = remove ? s.workload.nextInt(own.get(r).size()) : -1;
      NodeId id = s.store.replicas().get(r);
      if (!s.cluster.isUp(id)) {
        return;
      }
      if (remove) {
        String e = own.get(r).remove(pick);
        UpdateOk<C> ok = s.store.update(id, KEY, strategy.remove(e));
        attempts.add(SetCheck.Attempt.remove(e, ok.applied() ? Operation.Status.OK : Operation.Status.FAIL));
      } else {
        String e = "e" + next[0]++;
        s.store.update(id, KEY, strategy.add(e));
        attempts.add(SetCheck.Attempt.add(e, Operation.Status.OK));
        own.get(r).add(e);
      }
    });
    OptionalLong took = s.finish();
    ConvergenceCheck.Result<String, Object> conv = ConvergenceCheck.check(s.store.values(c -> (Object) strategy.read(c)));
    Map<String, java.util.Set<String>> reads = new java.util.LinkedHashMap<>();
    for (NodeId id : s.store.replicas()) {
      reads.put(id.name(), strategy.read(s.store.state(id, KEY)));
    }
    SetCheck.Result<String> check = SetCheck.check(attempts, reads);
    return new Outcome<>(s.sim.trace().hashHex(), took, conv, s.store.data(s.store.replicas().get(0)),
        check.lost().size(), check.acknowledgedAdds(), check.toMap().toString());
  }

  static <C extends Crdt<C, ?>> Outcome<C> counter(CounterStrategy<C> strategy, GossipMode mode, long seed) {
    Setup<C> s = new Setup<>(strategy.zero(), mode, seed);
    List<CounterCheck.Increment> increments = new ArrayList<>();
    s.everyOp(() -> {
      int r = s.workload.nextInt(REPLICAS.size());
      NodeId id = s.store.replicas().get(r);
      if (s.cluster.isUp(id)) {
        s.store.update(id, KEY, strategy.increment(1));
        increments.add(new CounterCheck.Increment(1, Operation.Status.OK));
      }
    });
    OptionalLong took = s.finish();
    ConvergenceCheck.Result<String, Object> conv = ConvergenceCheck.check(s.store.values(c -> (Object) strategy.read(c)));
    Map<String, Long> reads = new java.util.LinkedHashMap<>();
    long min = Long.MAX_VALUE;
    for (NodeId id : s.store.replicas()) {
      long v = strategy.read(s.store.state(id, KEY));
      reads.put(id.name(), v);
      min = Math.min(min, v);
    }
    CounterCheck.Result check = CounterCheck.check(0, increments, reads);
    return new Outcome<>(s.sim.trace().hashHex(), took, conv, s.store.data(s.store.replicas().get(0)),
        Math.max(0, check.lower() - min), check.acknowledged(), check.toMap().toString());
  }

  /** The cluster, store, nemesis and workload stream of one run. */
  private static final class Setup<C extends Crdt<C, ?>> {
    final Simulation sim;
    final Cluster cluster;
    final CrdtStore<C> store;
    final RandomGenerator workload;

    Setup(C bottom, GossipMode mode, long seed) {
      sim = Simulation.withSeed(seed);
      cluster = Cluster.create(sim);
      cluster.network().setDefaultProfile(LinkProfile.custom()
          .latency(LatencyModel.uniform(Duration.ofMillis(1), Duration.ofMillis(10)))
          .loss(0.05).duplication(0.05).build());
      store = CrdtStore.builder(cluster, bottom).replicas(REPLICAS)
          .config(CrdtStoreConfig.custom().mode(mode).gossipInterval(Duration.ofMillis(50)).fanOut(2)
              .deltaBufferCapacity(200).build())
          .build();
      Nemesis.of(NemesisConfig.custom().partitionsPerMinute(30).crashesPerMinute(20).clockSkewsPerMinute(40)
          .meanFaultDuration(Duration.ofMillis(700)).maxClockOffset(Duration.ofMillis(200))
          .stop(FAULTS_UNTIL).build()).attach(FaultLog.of(cluster));
      workload = sim.random("workload");
    }

    /** Runs {@code op} at random intervals until the faults stop. */
    void everyOp(Runnable op) {
      sim.schedule(Duration.ofMillis(1), new Runnable() {
        @Override
        public void run() {
          if (sim.now() >= FAULTS_UNTIL.toNanos()) {
            return;
          }
          op.run();
          sim.schedule(1 + workload.nextLong(OP_EVERY_MAX.toNanos()), this);
        }
      });
    }

    /** Runs to the end of the faults, then until the replicas converge. */
    OptionalLong finish() {
      sim.runFor(FAULTS_UNTIL);
      return store.runUntilConverged(CONVERGE_WITHIN);
    }
  }
}
