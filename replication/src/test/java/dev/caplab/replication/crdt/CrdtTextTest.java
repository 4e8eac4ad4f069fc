package dev.caplab.replication.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The text of each type's {@code toString}: what a failing assertion, a log line or a scenario's
 * report shows of a state. It must show the value and the metadata that decide the next merge
 * (stamps, dots, the causal context), so that a reader can tell two states apart and see why a
 * merge kept what it kept.
 */
class CrdtTextTest {

  static final ReplicaId A = ReplicaId.of("a");
  static final ReplicaId B = ReplicaId.of("b");

  @Test
  void countersShowEachReplicasCount() {
    assertEquals("GCounter{a=3, b=1}", GCounter.zero().increment(B, 1).increment(A, 3).toString());
    assertEquals("GCounter{}", GCounter.zero().toString());
    assertEquals("PNCounter(+{a=3}, -{b=1})", PNCounter.zero().increment(A, 3).decrement(B, 1).toString());
  }

  @Test
  void setsWithoutDotsShowTheirElementsAndTombstones() {
    assertEquals("GSet[x, y]", GSet.<String>empty().add("y").add("x").toString());
    assertEquals("TwoPhaseSet(added [x, y], removed [y])",
        TwoPhaseSet.<String>empty().add("x").add("y").remove("y").toString());
  }

  @Test
  void lwwTypesShowTheWinningStamp() {
    LWWRegister<String> r = LWWRegister.<String>empty().set(A, 5, "x");
    assertEquals("LWWRegister(x @5 by a)", r.toString());
    assertEquals("LWWRegister((cleared) @6 by b)", r.clear(B, 6).toString());
    assertEquals("LWWRegister(unwritten)", LWWRegister.empty().toString());
    assertEquals("LWWMap{k=LWWRegister(1 @5 by a), z=LWWRegister((cleared) @7 by b)}",
        LWWMap.<String, Integer>empty().put(A, 5, "k", 1).put(A, 6, "z", 2).remove(B, 7, "z").toString());
  }

  /** Dotted types show each key's dots and the context: the dots a merge compares. */
  @Test
  void dottedTypesShowDotsAndContext() {
    ORSet<String> set = ORSet.<String>empty().add(A, "x").add(A, "y").merge(ORSet.<String>empty().add(B, "y"));
    assertEquals("ORSet{x=[a:1], y=[a:2, b:1]} context {a:1..2, b:1..1}", set.toString());
    assertEquals("ORSet{} context {a:1..2, b:1..1}", set.clear().toString());
    assertEquals("ORSet{} context {}", ORSet.empty().toString());

    assertEquals("EWFlag(true, {a:1..1})", EWFlag.disabled().enable(A).toString());
    assertEquals("EWFlag(false, {a:1..1})", EWFlag.disabled().enable(A).disable().toString());

    MVRegister<String> mv = MVRegister.<String>empty().write(A, "blue").merge(MVRegister.<String>empty().write(B, "red"));
    assertEquals("MVRegister{a:1=blue, b:1=red} context {a:1..1, b:1..1}", mv.toString());

    ORMap<String, PNCounter> map = ORMap.<String, PNCounter>empty(PNCounter.zero()).update(A, "k", c -> c.increment(A, 3));
    assertEquals("ORMap(keys {k=[a:1]} context {a:1..1}, values {k=PNCounter(+{a=3}, -{})})", map.toString());
  }

  /** A delta's context is mostly dots seen out of order (the cloud), listed after the vector. */
  @Test
  void aContextCloudIsListedDotByDot() {
    ORSet<String> state = ORSet.<String>empty().add(A, "x").add(B, "y");
    assertEquals("ORSet{z=[a:2]} context {a:2}", state.addDelta(A, "z").toString());
    assertEquals("ORSet{w=[b:2], z=[a:2]} context {a:2, b:2}",
        state.addDelta(A, "z").merge(state.addDelta(B, "w")).toString());
    ORSet<String> mixed = state.merge(state.add(A, "z").addDelta(A, "w"));
    assertEquals("ORSet{w=[a:3], x=[a:1], y=[b:1]} context {a:1..1, b:1..1, a:3}", mixed.toString());
  }
}
