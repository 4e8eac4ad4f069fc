package dev.caplab.replication.crdt.conflict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.caplab.replication.crdt.Crdt;
import dev.caplab.replication.crdt.LWWRegister;
import dev.caplab.replication.crdt.MVRegister;
import dev.caplab.replication.crdt.ORSet;
import dev.caplab.replication.crdt.PNCounter;
import dev.caplab.replication.crdt.ReplicaId;
import dev.caplab.replication.crdt.store.Mutation;
import dev.caplab.replication.crdt.store.UpdateContext;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each strategy on one or two replicas without a network: what a read shows, how many versions it
 * hands the application, what a remove of an element the replica does not see does (nothing: not
 * applied), and how concurrent writes resolve. The convergence runs compare the strategies in
 * aggregate; these pin the behaviour each one promises.
 */
class StrategiesTest {

  static final ReplicaId A = ReplicaId.of("a");
  static final ReplicaId B = ReplicaId.of("b");

  /** Applies a mutation the way a replica does: its delta, merged into the state. */
  private static <C extends Crdt<C, ?>> C apply(C state, Mutation<C> m, ReplicaId r, long timestamp) {
    return state.merge(m.delta(state, new UpdateContext(r, timestamp)));
  }

  @Test
  void theStrategiesGoByTheirShortNames() {
    assertEquals(List.of("lww", "mvRegister", "orSet"),
        List.of(SetStrategy.lww().name(), SetStrategy.mvRegister().name(), SetStrategy.orSet().name()));
    assertEquals(List.of("lww", "pnCounter"), List.of(CounterStrategy.lww().name(), CounterStrategy.pnCounter().name()));
  }

  @Test
  void lwwCartKeepsTheLaterWholeCartAndLosesTheOther() {
    SetStrategy<LWWRegister<Set<String>>> s = SetStrategy.lww();
    LWWRegister<Set<String>> empty = s.empty();
    assertEquals(Set.of(), s.read(empty));
    assertEquals(0, s.versions(empty));
    LWWRegister<Set<String>> a = apply(apply(empty, s.add("milk"), A, 1), s.add("tea"), A, 2);
    assertEquals(Set.of("milk", "tea"), s.read(a));
    assertEquals(1, s.versions(a));
    LWWRegister<Set<String>> b = apply(empty, s.add("eggs"), B, 3);
    assertEquals(Set.of("eggs"), s.read(a.merge(b)), "the later cart wins whole: milk and tea are lost");
    assertEquals(Set.of("tea"), s.read(apply(a, s.remove("milk"), A, 4)));
    assertNull(s.remove("bread").delta(a, new UpdateContext(A, 5)), "not in the cart here: nothing to write");
  }

  @Test
  void mvRegisterCartKeepsConcurrentCartsAsSiblingsAndReadsTheirUnion() {
    SetStrategy<MVRegister<Set<String>>> s = SetStrategy.mvRegister();
    MVRegister<Set<String>> empty = s.empty();
    assertEquals(0, s.versions(empty));
    MVRegister<Set<String>> a = apply(empty, s.add("milk"), A, 1);
    MVRegister<Set<String>> b = apply(empty, s.add("eggs"), B, 1);
    MVRegister<Set<String>> both = a.merge(b);
    assertEquals(2, s.versions(both));
    assertEquals(Set.of("eggs", "milk"), s.read(both));
    MVRegister<Set<String>> resolved = apply(both, s.remove("milk"), A, 2);
    assertEquals(1, s.versions(resolved), "the write saw both siblings and replaces them");
    assertEquals(Set.of("eggs"), s.read(resolved));
    assertNull(s.remove("bread").delta(both, new UpdateContext(A, 3)));
  }

  @Test
  void orSetCartRemovesOnlyWhatItSees() {
    SetStrategy<ORSet<String>> s = SetStrategy.orSet();
    ORSet<String> empty = s.empty();
    assertEquals(0, s.versions(empty));
    ORSet<String> a = apply(empty, s.add("milk"), A, 1);
    assertEquals(1, s.versions(a));
    assertEquals(Set.of("milk"), s.read(a));
    ORSet<String> removed = apply(a, s.remove("milk"), A, 2);
    assertEquals(Set.of(), s.read(removed));
    assertEquals(0, s.versions(removed));
    assertNull(s.remove("bread").delta(a, new UpdateContext(A, 3)), "not visible here: not applied");
  }

  @Test
  void lwwCounterLosesConcurrentIncrementsAndPnCounterCountsEachOnce() {
    CounterStrategy<LWWRegister<Long>> lww = CounterStrategy.lww();
    assertEquals(0, lww.read(lww.zero()));
    LWWRegister<Long> a = apply(apply(lww.zero(), lww.increment(2), A, 1), lww.increment(3), A, 2);
    assertEquals(5, lww.read(a));
    LWWRegister<Long> b = apply(lww.zero(), lww.increment(1), B, 3);
    assertEquals(1, lww.read(a.merge(b)), "b's write of 0 + 1 did not see a's 5 and wins");

    CounterStrategy<PNCounter> pn = CounterStrategy.pnCounter();
    PNCounter c = apply(apply(pn.zero(), pn.increment(5), A, 1), pn.increment(-2), A, 2);
    assertEquals(3, pn.read(c));
    assertEquals(2, c.decrements().count(A), "a negative amount decrements");
    assertEquals(4, pn.read(c.merge(apply(pn.zero(), pn.increment(1), B, 1))));
  }
}
