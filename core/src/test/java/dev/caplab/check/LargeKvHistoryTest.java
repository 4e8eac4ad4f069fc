package dev.caplab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.caplab.history.History;
import dev.caplab.history.Op;
import dev.caplab.history.SequentialHistories;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A 100,000-operation key-value history with 1,000 keys checks in seconds. */
class LargeKvHistoryTest {

  @Test
  void aHundredThousandOpsOnAThousandKeysCheckValidInSeconds() {
    History h = SequentialHistories.kv(100_000, 1_000, 10, 42);
    assertEquals(100_000, h.operations().size());
    assertEquals(1_000, h.keys().size());
    // Generous bound for a loaded shared VM; the figure printed is what the README quotes.
    LinearizabilityResult r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      long t0 = System.nanoTime();
      LinearizabilityResult result = Linearizability.ofDefaults().check(h, Models.kv(null));
      System.out.printf("100,000 ops / 1,000 keys: %s in %.0f ms%n", result.valid(),
          (System.nanoTime() - t0) / 1e6);
      return result;
    });
    assertEquals(Verdict.TRUE, r.valid(), r::toString);
  }

  @Test
  void generatedHistoriesOverlapAndOneReadChangedMakesThemInvalid() {
    History h = SequentialHistories.kv(2_000, 20, 8, 7);
    assertEquals(Verdict.TRUE, Linearizability.ofDefaults().check(h, Models.kv(null)).valid());
    // Make one read return a value its key never held: no linearization can explain it.
    java.util.List<Op> events = new java.util.ArrayList<>(h.events());
    for (int i = 0; i < events.size(); i++) {
      Op e = events.get(i);
      if (e.type() == Op.Type.OK && e.f() == Op.Fn.READ && i > events.size() / 2) {
        events.set(i, new Op(e.process(), e.type(), e.f(), e.key(), -1L, e.time()));
        break;
      }
    }
    assertEquals(Verdict.FALSE,
        Linearizability.ofDefaults().check(History.of(events), Models.kv(null)).valid());
    long concurrent = 0;
    for (int i = 1; i < h.operations().size(); i++) {
      if (h.operations().get(i).invokeTime() < h.operations().get(i - 1).completeTime()) {
        concurrent++;
      }
    }
    org.junit.jupiter.api.Assertions.assertTrue(concurrent > h.operations().size() / 2,
        "intervals should overlap, " + concurrent + " of " + h.operations().size() + " do");
  }
}
