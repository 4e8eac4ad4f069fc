package dev.caplab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.history.History;
import dev.caplab.history.HistoryRecorder;
import dev.caplab.history.Op;
import dev.caplab.history.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LinearizabilityTest {

  /** One operation as (process, f, key, input, status, output, invoke, complete). */
  record E(int process, Op.Fn f, String key, Object input, Op.Type end, Object output,
      long invoke, long complete) {}

  static E ok(int p, Op.Fn f, Object in, Object out, long from, long to) {
    return new E(p, f, null, in, Op.Type.OK, out, from, to);
  }

  static E end(Op.Type type, int p, Op.Fn f, Object in, long from, long to) {
    return new E(p, f, null, in, type, null, from, to);
  }

  static E kv(int p, Op.Fn f, String key, Object in, Object out, long from, long to) {
    return new E(p, f, key, in, Op.Type.OK, out, from, to);
  }

  /** Builds a history from operations given by their intervals (a negative end: never). */
  static History history(E... ops) {
    record Ev(long time, int order, Op op) {}
    List<Ev> evs = new ArrayList<>();
    for (int i = 0; i < ops.length; i++) {
      E e = ops[i];
      evs.add(new Ev(e.invoke, 2 * i, Op.invoke(e.process, e.f, e.key, e.input, e.invoke)));
      if (e.complete >= 0) {
        Object out = e.f == Op.Fn.READ ? e.output : e.input;
        evs.add(new Ev(e.complete, 2 * i + 1,
            new Op(e.process, e.end, e.f, e.key, out, e.complete)));
      }
    }
    evs.sort((a, b) -> a.time != b.time ? Long.compare(a.time, b.time)
        : Integer.compare(a.order, b.order));
    return History.of(evs.stream().map(Ev::op).toList());
  }

  static LinearizabilityResult check(Model<Object> model, E... ops) {
    return Linearizability.ofDefaults().check(history(ops), model);
  }

  static final Op.Fn R = Op.Fn.READ;
  static final Op.Fn W = Op.Fn.WRITE;
  static final Op.Fn CAS = Op.Fn.CAS;
  static final Op.Fn A = Op.Fn.APPEND;

  @Test
  void registerSequentialAndConcurrentReads() {
    assertEquals(Verdict.TRUE, check(Models.register(),
        ok(0, R, null, null, 0, 5), ok(0, W, 1L, null, 10, 20), ok(1, R, null, 1L, 30, 40)).valid());
    // a read concurrent with a write may see either value
    assertEquals(Verdict.TRUE, check(Models.register(),
        ok(0, W, 1L, null, 10, 50), ok(1, R, null, null, 20, 30), ok(2, R, null, 1L, 25, 35),
        ok(3, R, null, 1L, 60, 70)).valid());
    // but once one read saw the new value, a later read cannot see the old one
    assertEquals(Verdict.FALSE, check(Models.register(),
        ok(0, W, 1L, null, 10, 50), ok(1, R, null, 1L, 20, 30), ok(2, R, null, null, 35, 40))
        .valid());
  }

  @Test
  void staleReadGivesAReadableCounterexample() {
    LinearizabilityResult r = check(Models.register(),
        ok(0, W, 1L, null, 0, 10), ok(0, W, 2L, null, 20, 30), ok(1, R, null, 1L, 40, 50));
    assertEquals(Verdict.FALSE, r.valid());
    assertEquals(3, r.ops());
    Counterexample c = r.counterexample();
    assertNotNull(c);
    assertEquals(List.of(0, 1), c.prefix().stream().map(Operation::index).toList());
    assertEquals("2", c.state());
    assertEquals(List.of(2), c.stuck().stream().map(Operation::index).toList());
    String text = c.describe();
    assertTrue(text.contains("process 1 read -> 1 ok [40, 50]"), text);
    assertTrue(text.contains("state after it: 2"), text);
  }

  @Test
  void casRegisterOkCasNeedsTheExpectedValueAndFailedCasIsDropped() {
    Model<Object> m = Models.casRegister();
    assertEquals(Verdict.TRUE, check(m, ok(0, W, 1L, null, 0, 10),
        ok(0, CAS, Op.casValue(1L, 2L), null, 20, 30), ok(1, R, null, 2L, 40, 50)).valid());
    assertEquals(Verdict.FALSE, check(m, ok(0, W, 1L, null, 0, 10),
        ok(0, CAS, Op.casValue(3L, 2L), null, 20, 30)).valid());
    // cas from the initial null
    assertEquals(Verdict.TRUE, check(m, ok(0, CAS, Op.casValue(null, 7L), null, 0, 10),
        ok(0, R, null, 7L, 20, 30)).valid());
    // a failed cas did not take effect, even if its expected value matched
    assertEquals(Verdict.TRUE, check(m, ok(0, W, 1L, null, 0, 10),
        end(Op.Type.FAIL, 0, CAS, Op.casValue(1L, 2L), 20, 30), ok(1, R, null, 1L, 40, 50))
        .valid());
    assertEquals(Verdict.FALSE, check(m, ok(0, W, 1L, null, 0, 10),
        end(Op.Type.FAIL, 0, CAS, Op.casValue(1L, 2L), 20, 30), ok(1, R, null, 2L, 40, 50))
        .valid());
  }

  @Test
  void infoWritesMayOrMayNotHappenButNotBeforeTheirInvocation() {
    Model<Object> m = Models.register();
    // took effect, seen later
    assertEquals(Verdict.TRUE, check(m, end(Op.Type.INFO, 0, W, 5L, 0, 10),
        ok(1, R, null, 5L, 100, 110)).valid());
    // never completed at all, seen later
    assertEquals(Verdict.TRUE, check(m, end(Op.Type.INFO, 0, W, 5L, 0, -1),
        ok(1, R, null, null, 50, 60), ok(1, R, null, 5L, 100, 110)).valid());
    // did not take effect: never seen
    assertEquals(Verdict.TRUE, check(m, ok(2, W, 1L, null, 0, 5),
        end(Op.Type.INFO, 0, W, 5L, 6, 10), ok(1, R, null, 1L, 100, 110)).valid());
    // cannot take effect before it was invoked
    assertEquals(Verdict.FALSE, check(m, ok(1, R, null, 5L, 0, 10),
        end(Op.Type.INFO, 0, W, 5L, 20, 30)).valid());
    // an info read, and a failed write, constrain nothing
    assertEquals(Verdict.TRUE, check(m, end(Op.Type.INFO, 1, R, null, 0, 10),
        end(Op.Type.FAIL, 0, W, 9L, 0, 10), ok(2, R, null, null, 20, 30)).valid());
    // a failed write did not take effect
    assertEquals(Verdict.FALSE, check(m, end(Op.Type.FAIL, 0, W, 9L, 0, 10),
        ok(2, R, null, 9L, 20, 30)).valid());
  }

  @Test
  void touchingIntervalsCountAsConcurrent() {
    assertEquals(Verdict.TRUE, check(Models.register(),
        ok(0, W, 1L, null, 0, 10), ok(1, R, null, null, 10, 20)).valid());
  }

  @Test
  void kvChecksEachKeyAndAppendConcatenates() {
    Model<Object> m = Models.kv("");
    assertEquals(Verdict.TRUE, check(m, kv(0, A, "x", "a", null, 0, 10),
        kv(0, A, "x", "b", null, 20, 30), kv(1, R, "x", null, "ab", 40, 50),
        kv(1, R, "y", null, "", 60, 70), kv(2, W, "y", "z", null, 80, 90),
        kv(2, A, "y", "1", null, 100, 110), kv(3, R, "y", null, "z1", 120, 130)).valid());
    LinearizabilityResult r = check(m, kv(0, A, "x", "a", null, 0, 10),
        kv(1, R, "y", null, "", 5, 15),
        kv(0, A, "x", "b", null, 20, 30), kv(1, R, "x", null, "ba", 40, 50));
    assertEquals(Verdict.FALSE, r.valid());
    assertEquals("x", r.counterexample().key());
    assertEquals("\"ab\"", r.counterexample().state());
  }

  @Test
  void recorderHistoriesCheck() {
    HistoryRecorder rec = new HistoryRecorder();
    HistoryRecorder.Handle w = rec.invoke(0, W, "k", 3L, 1);
    HistoryRecorder.Handle rd = rec.invoke(1, R, "k", null, 2);
    rec.ok(rd, 3L, 3);
    rec.ok(w, 3L, 4);
    assertEquals(Verdict.TRUE,
        Linearizability.ofDefaults().check(rec.history(), Models.casRegister()).valid());
  }

  @Test
  void modelMismatchesAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> check(
        Models.register(), ok(0, CAS, Op.casValue(1L, 2L), null, 0, 1)));
    assertTrue(e.getMessage().startsWith(
        "model register does not support cas (supports: read, write, append)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> check(Models.casRegister(),
        kv(0, W, "x", 1L, null, 0, 1), kv(0, W, "y", 1L, null, 2, 3)));
    assertEquals("model cas-register checks one register but the history has keys \"x\" and"
        + " \"y\"; use model kv", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Models.byName("set", null));
    assertEquals("unknown model \"set\" (allowed: register, cas-register, kv)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Linearizability.custom().maxStates(0));
    assertEquals("maxStates must be >= 1, got 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Linearizability.custom().maxDuration(Duration.ZERO));
    assertEquals("maxDuration must be > 0s, got 0s", e.getMessage());
  }

  /** A time budget too long for a long of nanoseconds is refused when set, not when the check starts. */
  @Test
  void aBudgetBeyondALongOfNanosecondsIsRefusedWhenSet() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Linearizability.custom().maxDuration(Duration.ofSeconds(Long.MAX_VALUE)));
    assertEquals("maxDuration must be <= 9223372036.854775807s, got 9223372036854775807s", e.getMessage());
    Linearizability longest = Linearizability.custom().maxDuration(Duration.ofNanos(Long.MAX_VALUE)).build();
    assertEquals(Verdict.TRUE,
        longest.check(history(ok(0, W, 1L, null, 0, 1), ok(1, R, null, 1L, 2, 3)), Models.register()).valid());
  }

  /** Many concurrent writes and a read of a value nobody wrote: exponential work to refute. */
  static History hard(int writers) {
    List<E> ops = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      ops.add(ok(i, W, (long) i, null, i, 1000));
    }
    ops.add(ok(writers, R, null, 999L, 500, 2000));
    return history(ops.toArray(E[]::new));
  }

  @Test
  void budgetsGiveUnknownNeverAGuess() {
    History h = hard(14);
    assertEquals(Verdict.FALSE, Linearizability.ofDefaults().check(h, Models.register()).valid());
    LinearizabilityResult byStates =
        Linearizability.custom().maxStates(1000).build().check(h, Models.register());
    assertEquals(Verdict.UNKNOWN, byStates.valid());
    assertEquals("state budget of 1000 exhausted", byStates.note());
    AtomicLong clock = new AtomicLong();
    LinearizabilityResult byTime = Linearizability.custom()
        .ticker(() -> clock.addAndGet(1_000_000)).maxDuration(Duration.ofMillis(10)).build()
        .check(h, Models.register());
    assertEquals(Verdict.UNKNOWN, byTime.valid());
    assertEquals("time budget exhausted", byTime.note());
    assertEquals(null, byTime.valid().asBoolean());
  }

  @Test
  void anUnlimitedStateBudgetKeepsTheTimeBudgetAndTheSlices() {
    History h = hard(14);
    AtomicLong clock = new AtomicLong();
    LinearizabilityResult byTime = Linearizability.custom().maxStates(Long.MAX_VALUE)
        .ticker(() -> clock.addAndGet(1_000_000)).maxDuration(Duration.ofMillis(10)).build()
        .check(h, Models.register());
    assertEquals(Verdict.UNKNOWN, byTime.valid());
    assertEquals("time budget exhausted", byTime.note());

    List<Long> rounds = new ArrayList<>();
    LinearizabilityResult r = Linearizability.custom().maxStates(Long.MAX_VALUE)
        .progress((done, keys, states) -> rounds.add(states)).build().check(h, Models.register());
    assertEquals(Verdict.FALSE, r.valid());
    assertTrue(rounds.size() < 20, "rounds of doubling slices, not one per state: " + rounds.size());
  }

  @Test
  void progressIsToldAfterEachRoundUntilEveryKeyIsDecided() {
    Model<Object> m = Models.kv(null);
    History h = history(kv(0, W, "a", 1L, null, 0, 10), kv(1, R, "a", null, 1L, 20, 30),
        kv(0, W, "b", 2L, null, 40, 50), kv(1, R, "b", null, 2L, 60, 70), kv(2, W, "c", 3L, null, 0, 100));
    List<String> rounds = new ArrayList<>();
    LinearizabilityResult r = Linearizability.custom()
        .progress((done, keys, states) -> rounds.add(done + "/" + keys + " " + (states > 0)))
        .build().check(h, m);
    assertEquals(Verdict.TRUE, r.valid());
    assertEquals(List.of("3/3 true"), rounds, "one round decides these three small keys");
  }
}
