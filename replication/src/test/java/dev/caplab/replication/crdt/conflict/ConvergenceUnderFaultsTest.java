package dev.caplab.replication.crdt.conflict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.replication.crdt.store.GossipMode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * CRDT convergence over many seeds: with partitions, crashes, clock skews, 5% loss and 5%
 * duplication, every strategy converges once the faults stop; the CRDT strategies lose no
 * acknowledged update; LWW loses some; delta gossip ends in the same state as full-state gossip;
 * a seed replays exactly. Each failure message names the seed.
 */
class ConvergenceUnderFaultsTest {

  private static final int FIXED_SEEDS = 20;

  /** Seeds 1..20 and one random seed, printed so that a failure can be replayed. */
  static List<Long> seeds() {
    List<Long> seeds = new ArrayList<>();
    for (long s = 1; s <= FIXED_SEEDS; s++) {
      seeds.add(s);
    }
    long random = new SplittableRandom().nextLong();
    System.out.println("ConvergenceUnderFaultsTest random seed: " + random);
    seeds.add(random);
    return seeds;
  }

  /**
   * Per seed: the OR-Set and the PN-Counter run under both gossip modes (their final states must
   * be equal); the register strategies under one mode, alternating with the seed, to keep the
   * test fast.
   */
  @Test
  void crdtStrategiesConvergeLoseNothingAndAgreeAcrossGossipModesWhileLwwLosesUpdates() {
    long lwwCartLost = 0;
    long lwwCounterLost = 0;
    for (long seed : seeds()) {
      GossipMode mode = GossipMode.values()[(int) Math.floorMod(seed, 2L)];
      String at = "seed " + seed + " " + mode + ": ";
      FaultyRun.Outcome<?> or = FaultyRun.set(SetStrategy.orSet(), GossipMode.DELTA, seed);
      FaultyRun.Outcome<?> orFull = FaultyRun.set(SetStrategy.orSet(), GossipMode.FULL_STATE, seed);
      FaultyRun.Outcome<?> pn = FaultyRun.counter(CounterStrategy.pnCounter(), GossipMode.DELTA, seed);
      FaultyRun.Outcome<?> pnFull = FaultyRun.counter(CounterStrategy.pnCounter(), GossipMode.FULL_STATE, seed);
      FaultyRun.Outcome<?> mv = FaultyRun.set(SetStrategy.mvRegister(), mode, seed);
      FaultyRun.Outcome<?> lww = FaultyRun.set(SetStrategy.lww(), mode, seed);
      FaultyRun.Outcome<?> lwwCounter = FaultyRun.counter(CounterStrategy.lww(), mode, seed);
      for (FaultyRun.Outcome<?> o : List.of(or, orFull, pn, pnFull, mv, lww, lwwCounter)) {
        assertTrue(o.convergedAfterNanos().isPresent(), at + "no convergence within "
            + FaultyRun.CONVERGE_WITHIN + ": " + o.convergence().toMap());
        assertTrue(o.convergence().valid(), at + o.convergence().toMap());
        assertTrue(o.acknowledged() > 100, at + "too few acknowledged updates: " + o.detail());
      }
      assertEquals(0, or.lost(), at + "orSet lost acknowledged adds: " + or.detail());
      assertEquals(0, orFull.lost(), at + "orSet (full state) lost acknowledged adds: " + orFull.detail());
      assertEquals(0, mv.lost(), at + "mvRegister lost acknowledged adds: " + mv.detail());
      assertEquals(0, pn.lost(), at + "pnCounter lost acknowledged increments: " + pn.detail());
      assertEquals(0, pnFull.lost(), at + "pnCounter (full state) lost acknowledged increments: " + pnFull.detail());
      assertEquals(orFull.finalData(), or.finalData(), at + "orSet: delta and full-state gossip disagree");
      assertEquals(pnFull.finalData(), pn.finalData(), at + "pnCounter: delta and full-state gossip disagree");
      assertTrue(lwwCounter.lost() > 0, at + "an LWW counter under concurrent increments lost none: "
          + lwwCounter.detail());
      lwwCartLost += lww.lost();
      lwwCounterLost += lwwCounter.lost();
    }
    System.out.println("LWW lost over all seeds: " + lwwCartLost + " cart adds, "
        + lwwCounterLost + " increments");
    assertTrue(lwwCartLost > 0, "LWW lost no cart add over all seeds");
  }

  @Test
  void sameSeedSameTraceHashAndState() {
    for (GossipMode mode : GossipMode.values()) {
      FaultyRun.Outcome<?> a = FaultyRun.set(SetStrategy.orSet(), mode, 42);
      FaultyRun.Outcome<?> b = FaultyRun.set(SetStrategy.orSet(), mode, 42);
      assertEquals(a.traceHash(), b.traceHash(), mode.toString());
      assertEquals(a.finalData(), b.finalData(), mode.toString());
      assertEquals(a.convergedAfterNanos(), b.convergedAfterNanos(), mode.toString());
    }
  }
}
