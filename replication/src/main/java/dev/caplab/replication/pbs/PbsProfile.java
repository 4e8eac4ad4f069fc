package dev.caplab.replication.pbs;

import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.replication.quorum.QuorumMessage;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The latency of the four message legs of a quorum request, as the PBS paper names them: W (the
 * write request to a replica), A (its acknowledgement), R (the read request) and S (the read
 * response). The built-in profiles are the paper's fits of production latencies (its Table 3,
 * times in milliseconds; an exponential's lambda is a rate per millisecond, mean 1/lambda):
 *
 * <ul>
 *   <li>{@code LNKD-SSD}: every leg 91.22% Pareto(xm 0.235, alpha 10) + 8.78% Exponential(1.66);
 *   <li>{@code LNKD-DISK}: W 38% Pareto(1.05, 1.51) + 62% Exponential(0.183); A, R, S as LNKD-SSD;
 *   <li>{@code YMMR}: W 93.9% Pareto(3, 3.35) + 6.1% Exponential(0.0028); A, R, S 98.2%
 *       Pareto(1.5, 3.8) + 1.8% Exponential(0.0217);
 *   <li>{@code WAN}: LNKD-DISK plus 75 ms on every message between replicas in different
 *       datacenters (each replica in its own); as in the paper, reads are routed to a random
 *       datacenter ({@link ReadCoordinator#RANDOM}) unless told otherwise;
 *   <li>{@code exp:W,A,R,S}: four exponential means in milliseconds, for custom studies.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class PbsProfile {

  /** The built-in profile names, as {@link #byName} accepts them (plus {@code exp:W,A,R,S}). */
  public static final List<String> NAMES = List.of("LNKD-SSD", "LNKD-DISK", "YMMR", "WAN", "exp:W,A,R,S");

  /** The largest mean an {@code exp:} leg may have, in ms: a year, far past any timeout. */
  public static final double MAX_MEAN_MILLIS = 365.0 * 24 * 3600 * 1000;

  /** The one-way delay WAN adds to every message between two datacenters. */
  public static final Duration WAN_DELAY = Duration.ofMillis(75);

  private final String name;
  private final LatencyModel w;
  private final LatencyModel a;
  private final LatencyModel r;
  private final LatencyModel s;
  private final Duration remoteDelay;

  private PbsProfile(String name, LatencyModel w, LatencyModel a, LatencyModel r, LatencyModel s,
      Duration remoteDelay) {
    this.name = name;
    this.w = w;
    this.a = a;
    this.r = r;
    this.s = s;
    this.remoteDelay = remoteDelay;
  }

  /**
   * A profile by name, ignoring case: one of {@link #NAMES}.
   *
   * @throws IllegalArgumentException naming the unknown profile and listing the known ones, or
   *     explaining what is wrong with an {@code exp:} list
   */
  public static PbsProfile byName(String text) {
    Objects.requireNonNull(text, "profile");
    String upper = text.trim().toUpperCase(Locale.ROOT);
    switch (upper) {
      case "LNKD-SSD":
        return new PbsProfile("LNKD-SSD", lnkdSsd(), lnkdSsd(), lnkdSsd(), lnkdSsd(), Duration.ZERO);
      case "LNKD-DISK":
        return new PbsProfile("LNKD-DISK", lnkdDiskWrite(), lnkdSsd(), lnkdSsd(), lnkdSsd(), Duration.ZERO);
      case "YMMR":
        return new PbsProfile("YMMR", mix(0.939, 3, 3.35, 0.0028), ymmrOther(), ymmrOther(), ymmrOther(),
            Duration.ZERO);
      case "WAN":
        return new PbsProfile("WAN", lnkdDiskWrite(), lnkdSsd(), lnkdSsd(), lnkdSsd(), WAN_DELAY);
      default:
        if (upper.startsWith("EXP:")) {
          return exponential(text.trim());
        }
        throw new IllegalArgumentException("unknown profile '" + text + "'; known: " + String.join(", ", NAMES));
    }
  }

  /** {@code exp:W,A,R,S} with four exponential means in milliseconds, each > 0. */
  private static PbsProfile exponential(String text) {
    String[] parts = text.substring(4).split(",", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("profile '" + text + "' must be exp:W,A,R,S with four mean latencies in ms, got "
          + parts.length + " value(s)");
    }
    LatencyModel[] legs = new LatencyModel[4];
    for (int i = 0; i < 4; i++) {
      double mean;
      try {
        mean = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("profile '" + text + "': mean " + "WARS".charAt(i)
            + " must be a number of ms, got '" + parts[i].trim() + "'");
      }
      if (!(mean > 0) || Double.isInfinite(mean)) {
        throw new IllegalArgumentException("profile '" + text + "': mean " + "WARS".charAt(i)
            + " must be > 0 ms, got " + parts[i].trim());
      }
      if (mean > MAX_MEAN_MILLIS) {
        throw new IllegalArgumentException("profile '" + text + "': mean " + "WARS".charAt(i)
            + " must be at most " + MAX_MEAN_MILLIS + " ms (a year), got " + parts[i].trim());
      }
      legs[i] = LatencyModel.exponential(millis(mean));
    }
    return new PbsProfile(text, legs[0], legs[1], legs[2], legs[3], Duration.ZERO);
  }

  private static LatencyModel lnkdSsd() {
    return mix(0.9122, 0.235, 10, 1.66);
  }

  private static LatencyModel lnkdDiskWrite() {
    return mix(0.38, 1.05, 1.51, 0.183);
  }

  private static LatencyModel ymmrOther() {
    return mix(0.982, 1.5, 3.8, 0.0217);
  }

  /** {@code paretoWeight} Pareto(xm ms, alpha) + the rest Exponential(lambda per ms). */
  private static LatencyModel mix(double paretoWeight, double xmMillis, double alpha, double lambdaPerMs) {
    return LatencyModel.mixture()
        .add(paretoWeight, LatencyModel.pareto(millis(xmMillis), alpha))
        .add(1 - paretoWeight, LatencyModel.exponential(millis(1 / lambdaPerMs)))
        .build();
  }

  private static Duration millis(double ms) {
    return Duration.ofNanos(Math.round(ms * 1e6));
  }

  public String name() {
    return name;
  }

  /** W: write request latency. */
  public LatencyModel write() {
    return w;
  }

  /** A: write acknowledgement latency. */
  public LatencyModel ack() {
    return a;
  }

  /** R: read request latency. */
  public LatencyModel read() {
    return r;
  }

  /** S: read response latency. */
  public LatencyModel response() {
    return s;
  }

  /** The extra one-way delay between datacenters (zero except for WAN). */
  public Duration remoteDelay() {
    return remoteDelay;
  }

  /**
   * Where a trial's read goes unless the experiment says otherwise: {@link ReadCoordinator#RANDOM}
   * for WAN (the paper routes reads and writes to random datacenters), {@link
   * ReadCoordinator#SAME} for the single-datacenter profiles (whose links are all alike, so the
   * choice does not change the result).
   */
  public ReadCoordinator defaultReadCoordinator() {
    return remoteDelay.isZero() ? ReadCoordinator.SAME : ReadCoordinator.RANDOM;
  }

  /** The link profile of a leg set, each leg shifted by {@code extra}. */
  LinkProfile links(Duration extra) {
    return LinkProfile.custom()
        .latency(shift(r, extra))
        .latency(QuorumMessage.WriteRequest.class, shift(w, extra))
        .latency(QuorumMessage.WriteAck.class, shift(a, extra))
        .latency(QuorumMessage.ReadRequest.class, shift(r, extra))
        .latency(QuorumMessage.ReadResponse.class, shift(s, extra))
        .build();
  }

  private static LatencyModel shift(LatencyModel m, Duration extra) {
    return extra.isZero() ? m : m.plus(extra);
  }

  /**
   * Installs the profile on {@code cluster}: the legs on every link, and for WAN the remote delay
   * on every link between two different store nodes, both ways (each store node is a datacenter
   * of its own; a node's messages to itself stay local).
   */
  public void install(Cluster cluster, List<NodeId> storeNodes) {
    cluster.network().setDefaultProfile(links(Duration.ZERO));
    if (!remoteDelay.isZero()) {
      LinkProfile remote = links(remoteDelay);
      for (int i = 0; i < storeNodes.size(); i++) {
        for (int j = i + 1; j < storeNodes.size(); j++) {
          cluster.network().setLinkBothWays(storeNodes.get(i), storeNodes.get(j), remote);
        }
      }
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
