package dev.caplab.replication.pbs;

import dev.caplab.config.Require;
import java.util.Arrays;

/**
 * Every trial's visibility window: how long after the commit its read would have had to start to
 * return the write, with all message delays of the trial as they were. A {@link PbsExperiment}
 * measures it from message timing: the read was consistent at delay t if one of the R replicas
 * whose answers it used had the write when the read request reached it, so the window is the
 * smallest, over those replicas, of (write arrival - read arrival) + t. That is the paper's WARS
 * reasoning, measured on the protocol instead of drawn from the model; the experiment checks, for
 * every trial, that the window agrees with what its read actually returned.
 *
 * <p>Because the read's delays do not depend on when it starts, P(consistent at t) is the fraction
 * of windows at most t, for every t at once, and the t at which that fraction reaches p (the
 * paper's t-visibility) is a quantile of the windows, with an order-statistic confidence interval.
 * A window is infinite when the read could never see the write (a write that timed out, or under
 * fan-out quorum a read that asked only replicas the write never reached).
 *
 * <p>Immutable and thread-safe.
 */
public final class VisibilityWindows {

  /** A window that never closes. */
  static final long NEVER = Long.MAX_VALUE;

  private final long[] sortedNanos;

  /** @param nanos one window per trial in nanoseconds ({@link #NEVER} for none); copied */
  VisibilityWindows(long[] nanos) {
    this.sortedNanos = nanos.clone();
    Arrays.sort(sortedNanos);
  }

  /** The number of trials measured. */
  public int trials() {
    return sortedNanos.length;
  }

  /** The fraction of trials whose read would have been consistent had it started {@code tMillis} after the commit. */
  public double pConsistent(double tMillis) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    long t = Math.round(tMillis * 1e6);
    int lo = 0;
    int hi = sortedNanos.length;
    while (lo < hi) { // the number of windows <= t
      int mid = (lo + hi) >>> 1;
      if (sortedNanos[mid] <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo / (double) sortedNanos.length;
  }

  /**
   * The t-visibility at probability {@code p}: the smallest t >= 0 at which P(consistent) reaches
   * {@code p} in these trials, with a 95% confidence interval from the order statistics around it.
   * Infinite when more than 1 - p of the windows never close.
   *
   * @throws IllegalArgumentException unless {@code 0 < p < 1}, or if there are no trials
   */
  public TVisibility tVisibility(double p) {
    Require.inOpen("p", p, 0.0, 1.0);
    int n = sortedNanos.length;
    if (n == 0) {
      throw new IllegalArgumentException("no trials measured");
    }
    int rank = rank(p, n);
    double spread = 1.96 * Math.sqrt(n * p * (1 - p));
    int low = (int) Math.max(1, Math.floor(n * p - spread));
    int high = (int) Math.min(n, Math.ceil(n * p + spread) + 1);
    return new TVisibility(p, millisAt(rank), millisAt(low), millisAt(high), n);
  }

  /**
   * The smallest 1-based k with k/n >= p, compared as {@link #pConsistent} computes P: ceil(p * n)
   * alone can be one too high when p * n rounds up (0.07 * 100 is 7.000000000000001).
   */
  private static int rank(double p, int n) {
    int k = (int) Math.max(1, Math.min(n, Math.ceil(p * n)));
    while (k > 1 && (k - 1) / (double) n >= p) {
      k--;
    }
    while (k < n && k / (double) n < p) {
      k++;
    }
    return k;
  }

  private double millisAt(int rank) {
    long v = sortedNanos[rank - 1];
    return v == NEVER ? Double.POSITIVE_INFINITY : Math.max(0, v) / 1e6;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VisibilityWindows w && Arrays.equals(sortedNanos, w.sortedNanos);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sortedNanos);
  }

  @Override
  public String toString() {
    return "VisibilityWindows{trials=" + sortedNanos.length + "}";
  }

  /**
   * The delay after commit at which reads are consistent with probability {@code p}.
   *
   * @param p the probability
   * @param tMillis the estimate (0 if reads at the commit instant already reach p; infinite if no
   *     delay does)
   * @param lowMillis the lower end of its 95% confidence interval
   * @param highMillis the upper end
   * @param trials the trials it comes from
   */
  public record TVisibility(double p, double tMillis, double lowMillis, double highMillis, int trials) {}
}
