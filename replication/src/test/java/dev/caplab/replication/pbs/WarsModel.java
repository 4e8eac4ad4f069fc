package dev.caplab.replication.pbs;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The PBS paper's WARS model as the paper states it (Bailis et al., Section 5.1 of the CACM version):
 * per trial draw W, A, R and S for each of the N replicas; the write commits at the W-th smallest
 * W+A; the read, started t later, is consistent if one of the R replicas with the smallest R+S had
 * the write when the read request reached it (W[i] <= commit + t + R[i]). For WAN the write and the
 * read each go through a random datacenter, and every leg to or from another datacenter takes 75 ms
 * more.
 *
 * <p>An oracle for the tests, written apart from caplab's protocol, network and latency models (it
 * draws the paper's Table 3 distributions itself), so that caplab agreeing with it means the
 * protocol and the model agree. Not thread-safe.
 */
final class WarsModel {

  /** One leg: {@code paretoWeight} Pareto(xm, alpha) + the rest Exponential(lambda per ms). */
  record Leg(double paretoWeight, double xm, double alpha, double lambda) {
    double draw(SplittableRandom random) {
      if (random.nextDouble() < paretoWeight) {
        return xm / StrictMath.pow(1 - random.nextDouble(), 1 / alpha);
      }
      return -StrictMath.log(1 - random.nextDouble()) / lambda;
    }
  }

  static final Leg LNKD_SSD = new Leg(0.9122, 0.235, 10, 1.66);
  static final Leg LNKD_DISK_W = new Leg(0.38, 1.05, 1.51, 0.183);
  static final Leg YMMR_W = new Leg(0.939, 3, 3.35, 0.0028);
  static final Leg YMMR_ARS = new Leg(0.982, 1.5, 3.8, 0.0217);

  private final Leg w;
  private final Leg a;
  private final Leg r;
  private final Leg s;
  private final double remoteMillis;

  private WarsModel(Leg w, Leg a, Leg r, Leg s, double remoteMillis) {
    this.w = w;
    this.a = a;
    this.r = r;
    this.s = s;
    this.remoteMillis = remoteMillis;
  }

  static WarsModel of(String profile) {
    return switch (profile) {
      case "LNKD-SSD" -> new WarsModel(LNKD_SSD, LNKD_SSD, LNKD_SSD, LNKD_SSD, 0);
      case "LNKD-DISK" -> new WarsModel(LNKD_DISK_W, LNKD_SSD, LNKD_SSD, LNKD_SSD, 0);
      case "YMMR" -> new WarsModel(YMMR_W, YMMR_ARS, YMMR_ARS, YMMR_ARS, 0);
      case "WAN" -> new WarsModel(LNKD_DISK_W, LNKD_SSD, LNKD_SSD, LNKD_SSD, 75);
      default -> throw new IllegalArgumentException(profile);
    };
  }

  /** The fraction of {@code trials} reads started {@code tMillis} after the commit that are consistent. */
  double pConsistent(int n, int readQuorum, int writeQuorum, double tMillis, int trials, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] ws = new double[n];
    double[] rs = new double[n];
    double[] writeTimes = new double[n];
    Integer[] byResponse = new Integer[n];
    double[] readTimes = new double[n];
    long consistent = 0;
    for (int trial = 0; trial < trials; trial++) {
      int writeDc = remoteMillis > 0 ? random.nextInt(n) : -1;
      int readDc = remoteMillis > 0 ? random.nextInt(n) : -1;
      for (int i = 0; i < n; i++) {
        double writeExtra = remoteMillis > 0 && i != writeDc ? remoteMillis : 0;
        double readExtra = remoteMillis > 0 && i != readDc ? remoteMillis : 0;
        ws[i] = w.draw(random) + writeExtra;
        writeTimes[i] = ws[i] + a.draw(random) + writeExtra;
        rs[i] = r.draw(random) + readExtra;
        readTimes[i] = rs[i] + s.draw(random) + readExtra;
        byResponse[i] = i;
      }
      double[] sortedWrites = writeTimes.clone();
      Arrays.sort(sortedWrites);
      double commit = sortedWrites[writeQuorum - 1];
      Arrays.sort(byResponse, (x, y) -> Double.compare(readTimes[x], readTimes[y]));
      for (int k = 0; k < readQuorum; k++) {
        int i = byResponse[k];
        if (ws[i] <= commit + tMillis + rs[i]) {
          consistent++;
          break;
        }
      }
    }
    return consistent / (double) trials;
  }
}
