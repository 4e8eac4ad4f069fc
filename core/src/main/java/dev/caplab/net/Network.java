package dev.caplab.net;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The network between the nodes of one cluster: addresses, per-link profiles, partitions, and
 * counters. Faults are injected here ({@link #partition}, {@link #isolate}, {@link #cut}, {@link
 * #bridge}, {@link #heal}, {@link #setLink}); messages are sent through the nodes' contexts, never
 * through the network directly.
 *
 * <p>Partitions are checked twice: when a message is sent and when it arrives, so a message
 * crosses a cut only if the link is open at both ends of its flight. {@link #partition} and
 * {@link #bridge} replace the current partition state; {@link #cut} and {@link #isolate} add to
 * it; {@link #heal} removes every block. Every change is recorded in the run's trace.
 *
 * <p>Implemented by caplab's runtimes (the simulator's is made by {@code Cluster.create}); not
 * meant to be subclassed by users. Not thread-safe: used on the simulation thread.
 */
public abstract class Network {

  /** For caplab's runtimes. */
  protected Network() {}

  /** The id registered under {@code name}; an unknown name is an error listing the known ones. */
  public abstract NodeId id(String name);

  /** All registered ids in registration order. */
  public abstract List<NodeId> ids();

  /** How many nodes are registered. */
  public abstract int size();

  /** The message counters. */
  public abstract NetworkStats stats();

  /** The profile of every link without an override. */
  public abstract LinkProfile defaultProfile();

  /** Sets the profile of every link without an override. */
  public abstract void setDefaultProfile(LinkProfile profile);

  /** Overrides the profile of the directed link {@code from -> to}. */
  public abstract void setLink(NodeId from, NodeId to, LinkProfile profile);

  /** Overrides both directions between {@code a} and {@code b}. */
  public void setLinkBothWays(NodeId a, NodeId b, LinkProfile profile) {
    setLink(a, b, profile);
    setLink(b, a, profile);
  }

  /** Removes the override of {@code from -> to}, returning it to the default profile. */
  public abstract void resetLink(NodeId from, NodeId to);

  /** The profile in force on {@code from -> to}. */
  public abstract LinkProfile profile(NodeId from, NodeId to);

  /**
   * Splits the nodes into groups that cannot reach each other, replacing any earlier partition
   * or cut. Nodes named in no group form one more group together. Each group must be non-empty,
   * and no node may appear twice.
   */
  @SafeVarargs
  public final void partition(Collection<NodeId>... groups) {
    partition(Arrays.asList(groups));
  }

  /** As {@link #partition(Collection[])}, with the groups in a list. */
  public abstract void partition(List<? extends Collection<NodeId>> groups);

  /** Cuts {@code node} off from every other node, in both directions, keeping other blocks. */
  public abstract void isolate(NodeId node);

  /** A one-way cut: {@code from} can no longer reach {@code to} (the reverse direction is unchanged). */
  public abstract void cut(NodeId from, NodeId to);

  /**
   * Two halves that cannot reach each other but both reach {@code shared}, replacing any earlier
   * partition (Jepsen's bridge). Every node must be in exactly one of left, right or shared.
   */
  public abstract void bridge(Collection<NodeId> left, NodeId shared, Collection<NodeId> right);

  /** Removes every partition, isolation and cut. */
  public abstract void heal();

  /** Whether a message sent now from {@code from} would pass the partition state to {@code to}. */
  public abstract boolean canReach(NodeId from, NodeId to);

  /** Whether any link is currently blocked. */
  public abstract boolean isPartitioned();

  /**
   * Adds a listener told of every delivery from now on, in delivery order, after the ones added
   * before it. Listeners observe only: the trace and the outcome of a run do not change.
   */
  public abstract void addDeliveryListener(DeliveryListener listener);
}
