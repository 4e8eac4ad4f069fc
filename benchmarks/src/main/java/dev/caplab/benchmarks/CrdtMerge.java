package dev.caplab.benchmarks;

import dev.caplab.replication.crdt.ORSet;
import dev.caplab.replication.crdt.PNCounter;
import dev.caplab.replication.crdt.ReplicaId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * CRDT merge throughput: an {@link ORSet} and a {@link PNCounter} replicated at 10
 * replicas with 10,000 elements (or increments), merged as full states versus as deltas.
 *
 * <p>Every benchmark merges into the state of replica {@code r0}. The full-state benchmarks merge
 * in the whole state of {@code r1}, which has diverged by {@value #DIVERGENCE} local updates; the
 * delta benchmarks merge in one update's delta, or the join of those {@value #DIVERGENCE} deltas
 * (a delta group, as a gossip round would ship). Inputs are built once in {@code @Setup}; each
 * benchmark returns the merged state.
 *
 * <p>{@link #main} measures ORSet metadata bytes per element after a million adds and removes:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.caplab.benchmarks.CrdtMerge}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CrdtMerge {

  static final int REPLICAS = 10;
  static final int ELEMENTS = 10_000;
  /** Local updates by which the merged-in replica differs from the base state. */
  static final int DIVERGENCE = 100;

  static ReplicaId[] replicas() {
    ReplicaId[] ids = new ReplicaId[REPLICAS];
    for (int i = 0; i < REPLICAS; i++) {
      ids[i] = ReplicaId.of("r" + i);
    }
    return ids;
  }

  /** Two diverged ORSet replicas of 10,000 elements, one delta and one delta group. */
  @State(Scope.Benchmark)
  public static class ORSetState {
    ORSet<Integer> local;
    ORSet<Integer> remote;
    ORSet<Integer> delta;
    ORSet<Integer> deltaGroup;

    @Setup(Level.Trial)
    public void setUp() {
      ReplicaId[] ids = replicas();
      SplittableRandom random = new SplittableRandom(1);
      ORSet<Integer> base = ORSet.empty();
      for (int e = 0; e < ELEMENTS; e++) { // each replica added a tenth of the elements
        base = base.add(ids[e % REPLICAS], e);
      }
      local = base;
      for (int i = 0; i < DIVERGENCE; i++) { // r0 diverges too, so neither side dominates
        int e = random.nextInt(ELEMENTS * 2);
        local = random.nextBoolean() ? local.add(ids[0], e) : local.remove(e);
      }
      remote = base;
      deltaGroup = ORSet.empty();
      for (int i = 0; i < DIVERGENCE; i++) {
        int e = random.nextInt(ELEMENTS * 2);
        ORSet<Integer> d = random.nextBoolean() ? remote.addDelta(ids[1], e) : remote.removeDelta(e);
        remote = remote.merge(d);
        deltaGroup = deltaGroup.merge(d);
        delta = d;
      }
      delta = remote.addDelta(ids[1], ELEMENTS * 3);
    }
  }

  /** Two diverged PNCounter replicas after 10,000 updates at 10 replicas, and one delta. */
  @State(Scope.Benchmark)
  public static class PNCounterState {
    PNCounter local;
    PNCounter remote;
    PNCounter delta;

    @Setup(Level.Trial)
    public void setUp() {
      ReplicaId[] ids = replicas();
      SplittableRandom random = new SplittableRandom(2);
      PNCounter base = PNCounter.zero();
      for (int i = 0; i < ELEMENTS; i++) {
        ReplicaId r = ids[i % REPLICAS];
        base = random.nextInt(4) == 0 ? base.decrement(r, 1) : base.increment(r, 1 + random.nextInt(3));
      }
      local = base.increment(ids[0], 5);
      remote = base.increment(ids[1], DIVERGENCE);
      delta = remote.incrementDelta(ids[1], 1);
    }
  }

  @Benchmark
  public ORSet<Integer> orSetFullState(ORSetState s) {
    return s.local.merge(s.remote);
  }

  @Benchmark
  public ORSet<Integer> orSetDelta(ORSetState s) {
    return s.local.merge(s.delta);
  }

  @Benchmark
  public ORSet<Integer> orSetDeltaGroup(ORSetState s) {
    return s.local.merge(s.deltaGroup);
  }

  @Benchmark
  public PNCounter pnCounterFullState(PNCounterState s) {
    return s.local.merge(s.remote);
  }

  @Benchmark
  public PNCounter pnCounterDelta(PNCounterState s) {
    return s.local.merge(s.delta);
  }

  /**
   * ORSet metadata after {@code 1,000,000} operations at 10 replicas: 10,000 live elements to
   * start, then each operation adds a fresh element or removes a random live one at a random
   * replica (at the replica that added it if the random one has not seen it yet), with a full-state merge between two
   * random replicas every 100 operations. Prints the joined state's metadata per live element and
   * the tombstones a 2P-set or LWW-element-set would keep for the same removes.
   */
  public static void main(String[] args) {
    int operations = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    ReplicaId[] ids = replicas();
    SplittableRandom random = new SplittableRandom(3);
    List<ORSet<Integer>> states = new ArrayList<>();
    for (int i = 0; i < REPLICAS; i++) {
      states.add(ORSet.empty());
    }
    List<Integer> candidates = new ArrayList<>(); // added and not yet picked for removal
    List<Integer> adders = new ArrayList<>(); // element -> the replica that added it
    int next = 0;
    long effectiveRemoves = 0;
    long start = System.nanoTime();
    for (int op = -ELEMENTS; op < operations; op++) {
      int at = random.nextInt(REPLICAS);
      ORSet<Integer> s = states.get(at);
      if (op < 0 || random.nextBoolean() || candidates.isEmpty()) {
        s = s.add(ids[at], next);
        adders.add(at);
        candidates.add(next++);
      } else {
        int pick = random.nextInt(candidates.size());
        Integer e = candidates.get(pick);
        candidates.set(pick, candidates.get(candidates.size() - 1));
        candidates.remove(candidates.size() - 1);
        if (!s.contains(e)) { // not seen here yet: remove it where it was added, so live stays flat
          states.set(at, s);
          at = adders.get(e);
          s = states.get(at);
        }
        effectiveRemoves += s.contains(e) ? 1 : 0;
        s = s.remove(e);
      }
      states.set(at, s);
      if (op % 100 == 0) {
        int to = random.nextInt(REPLICAS);
        states.set(to, states.get(to).merge(states.get(random.nextInt(REPLICAS))));
      }
    }
    ORSet<Integer> all = states.get(0);
    for (ORSet<Integer> s : states) {
      all = all.merge(s);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("ORSet (ORSWOT), %d replicas, %,d operations after %,d initial adds (%.1f s)%n",
        REPLICAS, operations, ELEMENTS, seconds);
    System.out.printf("  elements added %,d, removes %,d, live %,d, dots %,d%n",
        next, effectiveRemoves, all.size(), all.dotCount());
    System.out.printf("  metadata %,d bytes = %.1f bytes per live element%n",
        all.metadataBytes(), (double) all.metadataBytes() / all.size());
    System.out.printf("  a 2P-set would keep %,d tombstones (>= %,d bytes, %.1f per live element)%n",
        next - all.size(), (long) (next - all.size()) * 8, (double) (next - all.size()) * 8 / all.size());
  }
}
