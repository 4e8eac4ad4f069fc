package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.LatencyModel;
import dev.caplab.net.NodeId;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With non-expanding partial quorums (FanOut QUORUM_ONLY), no read repair, no hints and no
 * anti-entropy, a write reaches exactly W random replicas and nothing else, so a read of R random
 * replicas started right after the commit misses it with probability C(N-W, R) / C(N, R)
 * (the PBS paper's k=1 staleness), whatever the latencies.
 */
class PartialQuorumStalenessTest {

  private static final int TRIALS = 12_000;

  @ParameterizedTest(name = "N={0} R={1} W={2}")
  @CsvSource({"5,2,2", "3,1,1", "3,1,2", "3,2,1", "5,1,3", "4,2,2"})
  void staleFractionMatchesTheClosedForm(int n, int r, int w) {
    QuorumConfig config = Fixture.quiet().replicationFactor(n).build();
    // Heavy-tailed, per-leg latencies: they must not matter for QUORUM_ONLY.
    Fixture f = new Fixture(1000 + n * 100 + r * 10 + w, n, 0, config,
        LatencyModel.exponential(Duration.ofMillis(2)));
    WriteOptions write = WriteOptions.custom().replicas(w).fanOut(FanOut.QUORUM_ONLY).build();
    ReadOptions read = ReadOptions.custom().replicas(r).fanOut(FanOut.QUORUM_ONLY).build();
    int[] stale = new int[1];
    int[] done = new int[1];
    for (int t = 0; t < TRIALS; t++) {
      String key = "trial" + t;
      NodeId coordinator = f.store.storeNodes().get(t % n);
      f.sim.schedule(t * 10_000L, () -> f.store.write(coordinator, key, "v", write, wr -> {
        assertTrue(wr.ok(), wr::toString);
        // The commit callback runs at the coordinator: the read starts at the same instant.
        f.store.read(coordinator, key, read, rr -> {
          if (((ReadOk) rr).siblings() == null) {
            stale[0]++;
          }
          done[0]++;
        });
      }));
    }
    f.sim.runUntil(() -> done[0] == TRIALS, Duration.ofMinutes(10));
    assertEquals(TRIALS, done[0]);
    double expected = closedForm(n, r, w);
    double observed = stale[0] / (double) TRIALS;
    double sigma = Math.sqrt(expected * (1 - expected) / TRIALS);
    assertTrue(Math.abs(observed - expected) <= 4 * sigma + 1e-12, String.format(
        "N=%d R=%d W=%d: stale fraction %.4f, closed form %.4f, 4 sigma = %.4f", n, r, w, observed, expected, 4 * sigma));
  }

  /** C(N-W, R) / C(N, R). */
  static double closedForm(int n, int r, int w) {
    return dev.caplab.replication.pbs.PartialQuorums.staleProbability(n, r, w);
  }

  @org.junit.jupiter.api.Test
  void closedFormExamples() {
    assertEquals(0.30, closedForm(5, 2, 2), 1e-12);
    assertEquals(2.0 / 3, closedForm(3, 1, 1), 1e-12);
    assertEquals(1.0 / 3, closedForm(3, 1, 2), 1e-12);
    assertEquals(0.0, closedForm(3, 2, 2), 1e-12);
  }
}
