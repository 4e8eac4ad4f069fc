package dev.caplab.replication.pbs;

/**
 * The PBS paper's closed form for non-expanding partial quorums (its equation 1): a read of R
 * replicas chosen at random misses a write held by exactly W replicas with probability
 * C(N-W, R) / C(N, R), whatever the latencies. It is what caplab measures with fan-out quorum at
 * any t, and the yardstick of the tests that measure it.
 *
 * <p>Thread-safe: stateless.
 */
public final class PartialQuorums {

  private PartialQuorums() {}

  /**
   * C(N-W, R) / C(N, R): 0 for a strict quorum (R + W > N).
   *
   * @throws IllegalArgumentException unless {@code 1 <= R <= N} and {@code 1 <= W <= N}
   */
  public static double staleProbability(int n, int r, int w) {
    if (n < 1 || r < 1 || r > n || w < 1 || w > n) {
      throw new IllegalArgumentException("need 1 <= R <= N and 1 <= W <= N, got N=" + n + " R=" + r + " W=" + w);
    }
    return choose(n - w, r) / choose(n, r);
  }

  private static double choose(int n, int k) {
    if (k > n) {
      return 0;
    }
    double c = 1;
    for (int i = 1; i <= k; i++) {
      c = c * (n - k + i) / i;
    }
    return c;
  }
}
