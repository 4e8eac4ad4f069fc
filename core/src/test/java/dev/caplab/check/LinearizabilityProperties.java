package dev.caplab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caplab.history.History;
import dev.caplab.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Histories made from a real sequential execution are linearizable; the same histories with one
 * read that sees a value overwritten before it began are not.
 *
 * <p>Generation: operation i takes effect (or not) at instant {@code 100 (i + 1)}, its
 * linearization point; its interval is drawn around that point, so real-time order never
 * contradicts the execution order. Some operations fail (no effect) or end {@code info} (with or
 * without effect, sometimes without a completion at all). Every value written is unique, so a
 * state is produced by exactly one operation, which makes the mutation invalid by construction.
 */
class LinearizabilityProperties {

  enum Kind { REGISTER, CAS_REGISTER, KV }

  /** One generated operation; {@code producer} state after it if it took effect. */
  static final class G {
    int process;
    Op.Fn f;
    String key;
    Object input;
    Object output;
    long invoke;
    long complete;
    Op.Type end; // OK, FAIL, INFO
    boolean completes; // false: no completion event
    boolean effect;
    Object stateAfter;
  }

  static Model<Object> model(Kind kind) {
    return switch (kind) {
      case REGISTER -> Models.register();
      case CAS_REGISTER -> Models.casRegister();
      case KV -> Models.kv("");
    };
  }

  static List<G> generate(Kind kind, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Map<String, Object> state = new LinkedHashMap<>();
    List<String> keys = kind == Kind.KV ? List.of("a", "b", "c") : List.of("x");
    for (String k : keys) {
      state.put(k, kind == Kind.KV ? "" : null);
    }
    int spread = 50 + r.nextInt(400); // how much intervals overlap
    List<G> ops = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      G g = new G();
      long t = 100L * (i + 1);
      g.key = keys.get(r.nextInt(keys.size()));
      Object cur = state.get(g.key);
      int pick = r.nextInt(10);
      if (pick < 4) {
        g.f = Op.Fn.READ;
      } else if (kind == Kind.CAS_REGISTER && pick < 7) {
        g.f = Op.Fn.CAS;
        Object expected = r.nextInt(3) > 0 ? cur : (Object) (long) r.nextInt(i + 2);
        g.input = Op.casValue(expected, 1000L + i);
      } else if (kind == Kind.KV && pick < 8) {
        g.f = Op.Fn.APPEND;
        g.input = "a" + i + ";";
      } else {
        g.f = Op.Fn.WRITE;
        g.input = kind == Kind.KV ? "w" + i : (Object) (long) (i + 1);
      }
      boolean possible = g.f != Op.Fn.CAS || Objects.equals(cur, ((List<?>) g.input).get(0));
      int fate = r.nextInt(20);
      if (fate < 3) {
        g.end = Op.Type.INFO;
        g.effect = possible && r.nextBoolean();
        g.completes = r.nextInt(3) > 0;
      } else if (fate < 5 || !possible) {
        g.end = Op.Type.FAIL;
        g.effect = false;
        g.completes = true;
      } else {
        g.end = Op.Type.OK;
        g.effect = true;
        g.completes = true;
      }
      if (g.effect) {
        Object next = switch (g.f) {
          case READ -> cur;
          case WRITE -> g.input;
          case CAS -> ((List<?>) g.input).get(1);
          case APPEND -> cur + (String) g.input;
        };
        state.put(g.key, next);
        g.stateAfter = next;
      }
      g.output = g.f == Op.Fn.READ ? (g.end == Op.Type.OK ? cur : null) : g.input;
      g.invoke = t - r.nextInt(spread);
      g.complete = t + r.nextInt(spread);
      ops.add(g);
    }
    // Processes: reuse one whose last operation completed before this one is invoked.
    List<Long> busyUntil = new ArrayList<>();
    for (G g : ops.stream().sorted((a, b) -> Long.compare(a.invoke, b.invoke)).toList()) {
      int p = 0;
      while (p < busyUntil.size() && busyUntil.get(p) >= g.invoke) {
        p++;
      }
      long until = g.completes ? g.complete : Long.MAX_VALUE;
      if (p == busyUntil.size()) {
        busyUntil.add(until);
      } else {
        busyUntil.set(p, until);
      }
      g.process = p;
    }
    return ops;
  }

  static History toHistory(List<G> ops) {
    record Ev(long time, int order, Op op) {}
    List<Ev> evs = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      G g = ops.get(i);
      evs.add(new Ev(g.invoke, 2 * i, Op.invoke(g.process, g.f, g.key, g.input, g.invoke)));
      if (g.completes) {
        evs.add(new Ev(g.complete, 2 * i + 1,
            new Op(g.process, g.end, g.f, g.key, g.output, g.complete)));
      }
    }
    evs.sort((a, b) -> a.time != b.time ? Long.compare(a.time, b.time)
        : Integer.compare(a.order, b.order));
    return History.of(evs.stream().map(Ev::op).toList());
  }

  @Property(tries = 300)
  void sequentialExecutionsAreLinearizable(@ForAll Kind kind,
      @ForAll @IntRange(min = 0, max = 40) int n, @ForAll long seed) {
    List<G> ops = generate(kind, n, seed);
    LinearizabilityResult r = Linearizability.ofDefaults().check(toHistory(ops), model(kind));
    assertEquals(Verdict.TRUE, r.valid(), r::toString);
    assertEquals(n, r.ops());
  }

  /**
   * Picks an ok read R, an ok operation W that changed R's key and completed before R began, and
   * an ok operation P (or the initial state) on that key that completed before W began: R sees
   * P's state. P precedes W precedes R in real time and no other operation recreates P's state.
   */
  @Property(tries = 300)
  void aReadOfAnOverwrittenValueIsNotLinearizable(@ForAll Kind kind,
      @ForAll @IntRange(min = 3, max = 40) int n, @ForAll long seed) {
    List<G> ops = generate(kind, n, seed);
    SplittableRandom r = new SplittableRandom(seed ^ 0x5EED);
    List<Object[]> candidates = new ArrayList<>(); // {read, staleState}
    for (G read : ops) {
      if (read.f != Op.Fn.READ || read.end != Op.Type.OK) {
        continue;
      }
      for (G w : ops) {
        boolean changes = w.end == Op.Type.OK && w.f != Op.Fn.READ && w.key.equals(read.key);
        if (!changes || w.complete >= read.invoke) {
          continue;
        }
        candidates.add(new Object[] {read, kind == Kind.KV ? "" : null}); // initial state
        for (G p : ops) {
          if (p.end == Op.Type.OK && p.f != Op.Fn.READ && p.key.equals(read.key)
              && p.complete < w.invoke) {
            candidates.add(new Object[] {read, p.stateAfter});
          }
        }
      }
    }
    Assume.that(!candidates.isEmpty());
    Object[] pick = candidates.get(r.nextInt(candidates.size()));
    G read = (G) pick[0];
    read.output = pick[1];
    LinearizabilityResult res = Linearizability.ofDefaults().check(toHistory(ops), model(kind));
    assertEquals(Verdict.FALSE, res.valid(), res::toString);
  }
}
