package dev.caplab.fault;

import dev.caplab.config.Require;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.Network;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.node.NodeClock;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One thing that can go wrong (or be put right) in a simulated cluster: a partition, a crash, a
 * clock step, a degraded link, and their remedies. A {@link FaultPlan} puts faults on a timeline,
 * a {@link Nemesis} draws them at random, and a scenario may apply one in reaction to what it
 * sees; all three go through the run's {@link FaultLog}, which applies the fault and records it,
 * so that the run has one fault timeline. {@link #apply(Cluster)} alone records nothing.
 *
 * <p>Faults name nodes by their <em>names</em>, not by {@link NodeId}, so a plan can be written
 * before the cluster that it will hit exists. Names are checked for syntax when the fault is made
 * and resolved with {@link Cluster#id(String)} when it is applied, so an unknown name fails then
 * with the cluster's list of known nodes.
 *
 * <p>Every application leaves at least one trace event, because the network and cluster calls it
 * makes record {@code FAULT}, {@code CRASH} or {@code RESTART} themselves; the trace hash thus
 * changes when a fault lands at a different time.
 *
 * <p>All implementations are immutable records and thread-safe; {@link #apply} itself must run on
 * the simulation thread, like every cluster call.
 */
public sealed interface Fault {

  /** Injects (or removes) this fault in {@code cluster} at the simulation's current time. */
  void apply(Cluster cluster);

  /** A short human description, e.g. {@code "partition [a,b] [c]"} or {@code "crash b"}. */
  String describe();

  /**
   * Splits the nodes into groups that cannot reach each other, replacing any earlier partition or
   * cut ({@link Network#partition(List)}). Nodes named in no group form one more group together.
   *
   * @param groups non-empty groups of node names; no name may appear twice
   */
  record Partition(List<List<String>> groups) implements Fault {
    public Partition {
      groups = checkedGroups("partition", 1, groups);
    }

    /** A partition from groups given one by one. */
    @SafeVarargs
    public static Partition of(List<String>... groups) {
      return new Partition(List.of(groups));
    }

    @Override
    public void apply(Cluster cluster) {
      List<List<NodeId>> ids = new ArrayList<>(groups.size());
      for (List<String> group : groups) {
        ids.add(resolve(cluster, group));
      }
      cluster.network().partition(ids);
    }

    @Override
    public String describe() {
      return "partition " + groups.stream().map(Fault::names).collect(Collectors.joining(" "));
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /**
   * Cuts the named groups off from each other, both ways, adding to any earlier blocks; nodes
   * named in no group keep every link. Where {@link Partition} puts the unnamed nodes in a group
   * of their own, this splits some nodes while the others (clients, say) still reach every side,
   * as Jepsen's clients reach every database node whatever the partition. It is how a {@link
   * Nemesis} that may touch only some nodes partitions them. Applied as one-way cuts ({@link
   * Network#cut}), each traced.
   *
   * @param groups at least two non-empty groups of node names; no name may appear twice
   */
  record Split(List<List<String>> groups) implements Fault {
    public Split {
      groups = checkedGroups("split", 2, groups);
    }

    /** A split from groups given one by one. */
    @SafeVarargs
    public static Split of(List<String>... groups) {
      return new Split(List.of(groups));
    }

    @Override
    public void apply(Cluster cluster) {
      List<List<NodeId>> ids = new ArrayList<>(groups.size());
      for (List<String> group : groups) {
        ids.add(resolve(cluster, group));
      }
      for (int g = 0; g < ids.size(); g++) {
        for (int h = 0; h < ids.size(); h++) {
          if (g != h) {
            for (NodeId from : ids.get(g)) {
              for (NodeId to : ids.get(h)) {
                cluster.network().cut(from, to);
              }
            }
          }
        }
      }
    }

    @Override
    public String describe() {
      return "split " + groups.stream().map(Fault::names).collect(Collectors.joining(" "));
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /**
   * Splits the cluster in two by registration order: the first {@code floor(n/2) + 1} nodes (a
   * strict majority, which can still form quorums) against the remaining {@code ceil(n/2) - 1}.
   * For odd {@code n} this is the usual {@code ceil(n/2)} against {@code floor(n/2)}; for even
   * {@code n} it is 3 against 1 rather than an even split, so the name stays true: one side has a
   * quorum and the other does not. Needs at least 3 nodes: with 2 the majority is both and the
   * minority empty. Replaces any earlier partition.
   */
  record MajorityMinority() implements Fault {
    @Override
    public void apply(Cluster cluster) {
      List<NodeId> ids = cluster.ids();
      if (ids.size() < 3) {
        throw new IllegalStateException("majority/minority partition needs at least 3 nodes (with 2,"
            + " the majority is both and the minority empty), the cluster has " + ids.size());
      }
      int majority = majoritySize(ids.size());
      cluster.network().partition(List.of(ids.subList(0, majority), ids.subList(majority, ids.size())));
    }

    /** The size of the majority side for a cluster of {@code n} nodes: {@code floor(n/2) + 1}. */
    public static int majoritySize(int n) {
      return n / 2 + 1;
    }

    @Override
    public String describe() {
      return "partition majority/minority";
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /** Cuts one node off from every other, both ways, keeping other blocks ({@link Network#isolate}). */
  record Isolate(String node) implements Fault {
    public Isolate {
      NodeId.requireValidName(node);
    }

    @Override
    public void apply(Cluster cluster) {
      cluster.network().isolate(cluster.id(node));
    }

    @Override
    public String describe() {
      return "isolate " + node;
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /** A one-way cut: {@code from} can no longer reach {@code to}; the reverse link is unchanged. */
  record Cut(String from, String to) implements Fault {
    public Cut {
      NodeId.requireValidName(from);
      NodeId.requireValidName(to);
      if (from.equals(to)) {
        throw new IllegalArgumentException("cut needs two different nodes, got '" + from + "' twice");
      }
    }

    @Override
    public void apply(Cluster cluster) {
      cluster.network().cut(cluster.id(from), cluster.id(to));
    }

    @Override
    public String describe() {
      return "cut " + from + "->" + to;
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /**
   * Jepsen's bridge, by registration order: the first {@code floor(n/2)} nodes form the left half,
   * the next node is shared, the rest form the right half. The halves cannot reach each other but
   * both reach the shared node, which is how a leader can be elected by one side while the other
   * side still hears from it. Needs at least 3 nodes. Replaces any earlier partition.
   */
  record Bridge() implements Fault {
    @Override
    public void apply(Cluster cluster) {
      List<NodeId> ids = cluster.ids();
      int n = ids.size();
      if (n < 3) {
        throw new IllegalStateException("bridge needs at least 3 nodes, the cluster has " + n);
      }
      int middle = n / 2;
      cluster.network().bridge(ids.subList(0, middle), ids.get(middle), ids.subList(middle + 1, n));
    }

    @Override
    public String describe() {
      return "bridge";
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /** Removes every partition, isolation and cut ({@link Network#heal}). Link profiles are kept. */
  record Heal() implements Fault {
    @Override
    public void apply(Cluster cluster) {
      cluster.network().heal();
    }

    @Override
    public String describe() {
      return "heal";
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /** Crashes a running node ({@link Cluster#crash}); crashing a node that is down is an error. */
  record Crash(String node) implements Fault {
    public Crash {
      NodeId.requireValidName(node);
    }

    @Override
    public void apply(Cluster cluster) {
      cluster.crash(cluster.id(node));
    }

    @Override
    public String describe() {
      return "crash " + node;
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /** Restarts a crashed node from its factory and storage ({@link Cluster#restart}). */
  record Restart(String node) implements Fault {
    public Restart {
      NodeId.requireValidName(node);
    }

    @Override
    public void apply(Cluster cluster) {
      cluster.restart(cluster.id(node));
    }

    @Override
    public String describe() {
      return "restart " + node;
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /**
   * Steps a node's clock to {@code offset} from true time (positive = ahead); {@link
   * Duration#ZERO} puts it right again.
   */
  record ClockOffset(String node, Duration offset) implements Fault {
    public ClockOffset {
      NodeId.requireValidName(node);
      Objects.requireNonNull(offset, "offset");
    }

    @Override
    public void apply(Cluster cluster) {
      cluster.setClockOffset(cluster.id(node), offset);
    }

    @Override
    public String describe() {
      return "clock offset " + node + " " + (offset.isNegative() ? "" : "+") + Durations.exact(offset);
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /** Makes a node's clock run fast or slow by {@code drift}, a rate in (-1, 1) (1e-4 = 100 ppm fast). */
  record ClockDrift(String node, double drift) implements Fault {
    public ClockDrift {
      NodeId.requireValidName(node);
      Require.inOpen("drift", drift, NodeClock.MIN_DRIFT_EXCLUSIVE, NodeClock.MAX_DRIFT_EXCLUSIVE);
    }

    @Override
    public void apply(Cluster cluster) {
      cluster.setClockDrift(cluster.id(node), drift);
    }

    @Override
    public String describe() {
      return "clock drift " + node + " " + drift;
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /**
   * Overrides the profile of the link {@code from -> to} (and {@code to -> from} too when {@code
   * bothWays}): more latency, loss or duplication on one path, as a flaky switch port gives.
   */
  record DegradeLink(String from, String to, LinkProfile profile, boolean bothWays) implements Fault {
    public DegradeLink {
      NodeId.requireValidName(from);
      NodeId.requireValidName(to);
      Objects.requireNonNull(profile, "profile");
    }

    @Override
    public void apply(Cluster cluster) {
      NodeId a = cluster.id(from);
      NodeId b = cluster.id(to);
      if (bothWays) {
        cluster.network().setLinkBothWays(a, b, profile);
      } else {
        cluster.network().setLink(a, b, profile);
      }
    }

    @Override
    public String describe() {
      return "degrade link " + from + (bothWays ? "<->" : "->") + to + " " + profile;
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /** Removes the override of {@code from -> to} (and the reverse when {@code bothWays}). */
  record RestoreLink(String from, String to, boolean bothWays) implements Fault {
    public RestoreLink {
      NodeId.requireValidName(from);
      NodeId.requireValidName(to);
    }

    @Override
    public void apply(Cluster cluster) {
      NodeId a = cluster.id(from);
      NodeId b = cluster.id(to);
      cluster.network().resetLink(a, b);
      if (bothWays) {
        cluster.network().resetLink(b, a);
      }
    }

    @Override
    public String describe() {
      return "restore link " + from + (bothWays ? "<->" : "->") + to;
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /** An immutable copy of {@code groups}: at least {@code min} non-empty groups of valid, distinct names. */
  private static List<List<String>> checkedGroups(String fault, int min, List<List<String>> groups) {
    Objects.requireNonNull(groups, "groups");
    if (groups.size() < min) {
      String least = min == 1 ? "one group" : min + " groups";
      throw new IllegalArgumentException(fault + " groups must name at least " + least + ", got "
          + (groups.isEmpty() ? "none" : groups.size() + ": " + groups));
    }
    List<List<String>> copy = new ArrayList<>(groups.size());
    Set<String> seen = new HashSet<>();
    for (int g = 0; g < groups.size(); g++) {
      List<String> group = Objects.requireNonNull(groups.get(g), fault + " group " + g);
      if (group.isEmpty()) {
        throw new IllegalArgumentException(fault + " group " + g + " must not be empty");
      }
      for (String name : group) {
        NodeId.requireValidName(name);
        if (!seen.add(name)) {
          throw new IllegalArgumentException(
              fault + " groups must not overlap: node '" + name + "' appears twice in " + groups);
        }
      }
      copy.add(List.copyOf(group));
    }
    return List.copyOf(copy);
  }

  private static List<NodeId> resolve(Cluster cluster, List<String> names) {
    List<NodeId> ids = new ArrayList<>(names.size());
    for (String name : names) {
      ids.add(cluster.id(name));
    }
    return ids;
  }

  private static String names(List<String> names) {
    return String.join(",", names).transform(s -> "[" + s + "]");
  }
}
