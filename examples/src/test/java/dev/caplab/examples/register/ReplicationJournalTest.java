package dev.caplab.examples.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A disagreement is explained by what the journal saw, not by what usually happens. */
class ReplicationJournalTest {

  private static final long MS = 1_000_000;
  private static final long HEAL = 3_000 * MS;

  private static Map<String, Long> finals(Long r1, Long r2) {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("r1", r1);
    m.put("r2", r2);
    return m;
  }

  @Test
  void agreementNeedsNoExplanation() {
    ReplicationJournal j = new ReplicationJournal();
    j.applied("r1", 7, 10 * MS, "r1");
    j.pushed("r1", "r2", 7, 10 * MS);
    j.applied("r2", 7, 15 * MS, "r1");
    assertEquals("", j.whyTheyDiffer(finals(7L, 7L), HEAL));
  }

  @Test
  void aPushDroppedAtTheCutIsNamedWithItsTime() {
    ReplicationJournal j = new ReplicationJournal();
    j.applied("r2", 5, 900 * MS, "r2");
    j.pushed("r2", "r1", 5, 900 * MS);
    j.applied("r1", 5, 905 * MS, "r2");
    j.applied("r1", 8, 2_000 * MS, "r1"); // during the cut: its push never arrives
    j.pushed("r1", "r2", 8, 2_000 * MS);
    String why = j.whyTheyDiffer(finals(8L, 5L), HEAL);
    assertEquals("After the heal the replicas still disagree {r1=8, r2=5}. The final values were written 8 at r1"
        + " at 2.00s and 5 at r2 at 900ms: r1 got 5 from r2 at 905ms, then 8 from its client 1.10s later; the push"
        + " of 8 to r2 was dropped at the cut (sent at 2.00s). A push dropped at the cut is never resent, and no"
        + " later write covered it.", why);
    assertFalse(why.contains("different orders"), why);
  }

  @Test
  void concurrentWritesWhosePushesCrossAreNotBlamedOnTheCut() {
    ReplicationJournal j = new ReplicationJournal();
    j.applied("r1", 1, 4_400 * MS, "r1");
    j.pushed("r1", "r2", 1, 4_400 * MS);
    j.applied("r2", 2, 4_401 * MS, "r2");
    j.pushed("r2", "r1", 2, 4_401 * MS);
    j.applied("r2", 1, 4_405 * MS, "r1");
    j.applied("r1", 2, 4_406 * MS, "r2");
    String why = j.whyTheyDiffer(finals(2L, 1L), HEAL);
    assertTrue(why.contains("r1 got 1 from its client at 4.40s, then 2 from r2 6.00ms later"), why);
    assertTrue(why.contains("1 and 2 reached the replicas in different orders"), why);
    assertTrue(why.contains("the two writes were concurrent"), why);
    assertTrue(why.contains("1.40s after the heal"), why);
    assertFalse(why.contains("cut"), why);
  }

  @Test
  void writesThatSawEachOtherAreNotCalledConcurrent() {
    ReplicationJournal j = new ReplicationJournal();
    j.applied("r1", 1, 4_400 * MS, "r1");
    j.pushed("r1", "r2", 1, 4_400 * MS);
    j.pushed("r1", "r3", 1, 4_400 * MS);
    j.applied("r2", 1, 4_401 * MS, "r1");
    j.applied("r2", 2, 4_402 * MS, "r2"); // r2's client writes after r2 had 1
    j.pushed("r2", "r1", 2, 4_402 * MS);
    j.pushed("r2", "r3", 2, 4_402 * MS);
    j.applied("r1", 2, 4_403 * MS, "r2");
    j.applied("r3", 2, 4_404 * MS, "r2");
    j.applied("r3", 1, 4_420 * MS, "r1"); // r1's push to r3 was slow: it overtakes nothing, it arrives last
    Map<String, Long> finals = finals(2L, 2L);
    finals.put("r3", 1L);
    String why = j.whyTheyDiffer(finals, HEAL);
    assertTrue(why.contains("r3 got 2 from r2 at 4.40s, then 1 from r1 16.0ms later"), why);
    assertTrue(why.contains("1 and 2 reached the replicas in different orders"), why);
    assertFalse(why.contains("concurrent"), why);
  }
}
