package dev.caplab.messaging.queue;

import dev.caplab.config.Require;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which source queues may use a queue as their dead-letter queue, as SQS's {@code
 * RedriveAllowPolicy}: {@link #allowAll()} (the default), {@link #denyAll()}, or {@link
 * #byQueue(String...)} with at most {@link #MAX_SOURCE_QUEUES} names. A source whose redrive policy
 * names a queue that does not allow it is refused when the source is created.
 *
 * <p>Immutable and thread-safe.
 */
public final class RedriveAllowPolicy {

  /** The most source queues a {@code byQueue} policy may name (SQS's bound). */
  public static final int MAX_SOURCE_QUEUES = 10;

  /** The permission kinds of SQS. */
  public enum Permission {
    ALLOW_ALL,
    DENY_ALL,
    BY_QUEUE
  }

  private static final RedriveAllowPolicy ALLOW_ALL = new RedriveAllowPolicy(Permission.ALLOW_ALL, Set.of());
  private static final RedriveAllowPolicy DENY_ALL = new RedriveAllowPolicy(Permission.DENY_ALL, Set.of());

  private final Permission permission;
  private final Set<String> sourceQueues;

  private RedriveAllowPolicy(Permission permission, Set<String> sourceQueues) {
    this.permission = permission;
    this.sourceQueues = sourceQueues;
  }

  /** Any queue may use this one as its dead-letter queue. */
  public static RedriveAllowPolicy allowAll() {
    return ALLOW_ALL;
  }

  /** No queue may use this one as its dead-letter queue. */
  public static RedriveAllowPolicy denyAll() {
    return DENY_ALL;
  }

  /** Only the named queues (1 to {@link #MAX_SOURCE_QUEUES}) may use this one as their dead-letter queue. */
  public static RedriveAllowPolicy byQueue(String... sourceQueues) {
    Require.notNull(sourceQueues, "sourceQueues");
    Require.between("sourceQueues.length", sourceQueues.length, 1, MAX_SOURCE_QUEUES);
    Set<String> names = new LinkedHashSet<>();
    for (String name : sourceQueues) {
      names.add(Require.notNull(name, "sourceQueue"));
    }
    return new RedriveAllowPolicy(Permission.BY_QUEUE, Set.copyOf(names));
  }

  public Permission permission() {
    return permission;
  }

  /** The allowed source queues of a {@code BY_QUEUE} policy, sorted; empty otherwise. */
  public List<String> sourceQueues() {
    return sourceQueues.stream().sorted().toList();
  }

  /** Whether {@code sourceQueue} may use the queue holding this policy as its dead-letter queue. */
  public boolean allows(String sourceQueue) {
    return permission == Permission.ALLOW_ALL
        || (permission == Permission.BY_QUEUE && sourceQueues.contains(sourceQueue));
  }

  @Override
  public String toString() {
    return permission == Permission.BY_QUEUE
        ? "RedriveAllowPolicy[byQueue " + sourceQueues() + "]"
        : "RedriveAllowPolicy[" + permission + "]";
  }
}
