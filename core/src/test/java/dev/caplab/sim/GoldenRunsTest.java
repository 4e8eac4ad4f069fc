package dev.caplab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Pins what a few seeds of {@link DeterminismWorkload} produce, so that any change to the order of
 * random draws, the events a run makes or what the trace hash covers fails here, not silently in
 * every seeded run downstream.
 *
 * <p>To change these values on purpose (a deliberate change to tracing, to the network's or the
 * runtime's use of randomness): run this test, check that the difference is the one intended, and
 * replace {@link #GOLDEN} with the table the failure message prints. All golden values live in
 * that one table.
 */
class GoldenRunsTest {

  /** One line per pinned run: what it is, then its trace hash and figures. */
  static final String GOLDEN = """
      lossy     seed 1   hash 46ea62521c830055 events 3067 sent 1968 delivered 1575 duplicated 26 lost 93 partitioned 278 crashDropped 22 overflowed 15 replies 179 timeouts 139
      lossy     seed 42  hash 6b8188aa445746b2 events 3133 sent 1966 delivered 1610 duplicated 33 lost 80 partitioned 261 crashDropped 27 overflowed 11 replies 184 timeouts 137
      lossy     seed -7  hash c299a056b3233417 events 3039 sent 1956 delivered 1555 duplicated 26 lost 82 partitioned 289 crashDropped 20 overflowed 23 replies 183 timeouts 131
      lossless  seed 1   hash 083ceb257f69e58c events 3194 sent 2002 delivered 1653 duplicated 0 lost 0 partitioned 280 crashDropped 31 overflowed 24 replies 212 timeouts 108
      lossless  seed 2   hash bf50b4214d4c0f72 events 3173 sent 1972 delivered 1651 duplicated 0 lost 0 partitioned 257 crashDropped 35 overflowed 15 replies 187 timeouts 128
      """;

  /** A pinned run: the workload with this seed, lossy (5% loss, 2% duplication) or lossless. */
  record Run(String name, long seed, double loss, double duplication) {
    String line() {
      DeterminismWorkload.Result r = DeterminismWorkload.run(seed, DeterminismWorkload.LATENCY, loss, duplication);
      return String.format("%-9s seed %-3d hash %016x events %d sent %d delivered %d duplicated %d lost %d"
              + " partitioned %d crashDropped %d overflowed %d replies %d timeouts %d",
          name, seed, r.hash(), r.events(), r.sent(), r.delivered(), r.duplicated(), r.lost(), r.partitioned(),
          r.crashDropped(), r.overflowed(), r.replies(), r.timeouts());
    }
  }

  static final List<Run> RUNS = List.of(
      new Run("lossy", 1, 0.05, 0.02),
      new Run("lossy", 42, 0.05, 0.02),
      new Run("lossy", -7, 0.05, 0.02),
      new Run("lossless", 1, 0, 0),
      new Run("lossless", 2, 0, 0));

  @Test
  void pinnedSeedsGiveTheirPinnedHashesAndFigures() {
    String actual = RUNS.stream().map(Run::line).collect(Collectors.joining("\n", "", "\n"));
    assertEquals(GOLDEN, actual, () -> "the pinned runs changed; if on purpose, replace GOLDEN with:\n" + actual);
  }
}
