package dev.caplab.messaging.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The saga guarantee under crashes of the coordinator and of every service, with lost and
 * duplicated messages: every saga ends completed or fully compensated, never half-done, and no
 * compensation takes effect twice. And the guarantee needs the coordinator's durable progress.
 */
class SagaCoordinatorProperties {

  @Property(tries = 150)
  void everySagaEndsCompletedOrFullyCompensated(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int steps,
      @ForAll @IntRange(min = 0, max = 3) int retriable, @ForAll @DoubleRange(min = 0, max = 0.3) double loss,
      @ForAll @DoubleRange(min = 0, max = 0.3) double duplication, @ForAll @IntRange(min = 0, max = 6) int crashes) {
    List<String> violations = new SagaHarness(seed, steps, retriable, loss, duplication, crashes, true).run();
    assertEquals(List.of(), violations, "seed " + seed);
  }

  @Test
  void fixedSeedsWithManyCrashes() {
    for (long seed = 1; seed <= 40; seed++) {
      assertEquals(List.of(), new SagaHarness(seed, 2, 3, 0.1, 0.1, 8, true).run(), "seed " + seed);
    }
  }

  @Test
  void randomSeedsPrintTheirSeed() {
    long base = new SplittableRandom().nextLong();
    for (int i = 0; i < 20; i++) {
      long seed = base + i;
      assertEquals(List.of(), new SagaHarness(seed, 3, 2, 0.2, 0.2, 6, true).run(),
          "failing seed " + seed + " (rerun with new SagaHarness(" + seed + "L, 3, 2, 0.2, 0.2, 6, true))");
    }
  }

  @Test
  void withoutSyncingItsProgressTheCoordinatorLeavesSagasHalfDoneOrStuck() {
    List<String> violations = new ArrayList<>();
    for (long seed = 1; seed <= 20; seed++) {
      violations.addAll(new SagaHarness(seed, 2, 2, 0.1, 0.1, 6, false).run());
    }
    assertFalse(violations.isEmpty(), "the check must catch a coordinator that forgets");
  }
}
