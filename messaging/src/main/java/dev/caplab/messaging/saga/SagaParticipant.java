package dev.caplab.messaging.saga;

import dev.caplab.config.Require;
import dev.caplab.node.Storage;
import java.util.function.Supplier;

/**
 * The service side of a saga step: applies each (saga id, step) action at most once and each
 * compensation at most once, however often the coordinator sends them, and answers a repeat with
 * the first answer. It keeps one record per (saga id, step) in the service's durable {@link
 * Storage}, written together with the service's own state and synced once, so a crash keeps both
 * or neither.
 *
 * <p>A compensation that arrives before its action (the action was delayed, the coordinator timed
 * out and compensated) leaves a tombstone: the action, when it comes, is refused and not applied.
 * Without it a late reservation would be left behind by a saga that was already compensated.
 *
 * <p>Records are kept forever (a real service would expire them after the longest time a saga
 * message can be in flight). Not thread-safe: used on the service's thread.
 */
public final class SagaParticipant {

  /** The key prefix when none is given. */
  public static final String DEFAULT_PREFIX = "step/";

  /** What a service did for one (saga id, step). */
  public enum StepStatus {
    /** The action took effect. */
    APPLIED,
    /** The action was refused and took no effect. */
    REFUSED,
    /** The action took effect and was then compensated. */
    COMPENSATED,
    /** The compensation came first: nothing to undo, and the action will be refused. */
    TOMBSTONE
  }

  /**
   * The answer for the coordinator.
   *
   * @param succeeded whether to report success
   * @param reason why not, or null
   * @param duplicate whether this repeated an earlier request (nothing was applied now)
   */
  public record Answer(boolean succeeded, String reason, boolean duplicate) {}

  /** What is stored per (saga id, step). */
  record Entry(StepStatus status, String reason) {}

  /** The refusal of an action that came after its compensation. */
  public static final String COMPENSATED_ALREADY = "compensated already";

  private final Storage storage;
  private final String prefix;
  private long applied;
  private long compensations;
  private long duplicates;

  /** A participant keeping its records in {@code storage} under {@link #DEFAULT_PREFIX}. */
  public SagaParticipant(Storage storage) {
    this(storage, DEFAULT_PREFIX);
  }

  /** A participant keeping its records in {@code storage} under {@code prefix} (non-empty). */
  public SagaParticipant(Storage storage, String prefix) {
    this.storage = Require.notNull(storage, "storage");
    Require.notNull(prefix, "prefix");
    Require.requireArgument(!prefix.isEmpty(), "prefix must not be empty, got ''");
    this.prefix = prefix;
  }

  /**
   * Runs the action of {@code step} of saga {@code sagaId} unless it ran (or was compensated)
   * before. {@code effect} applies it to the service's state in the same storage, without syncing,
   * and returns null, or refuses it and returns the reason (it must then change nothing).
   */
  public Answer act(String sagaId, String step, Supplier<String> effect) {
    Require.notNull(effect, "effect");
    String key = key(sagaId, step);
    Entry e = storage.get(key, Entry.class);
    if (e != null) {
      duplicates++;
      return switch (e.status()) {
        case APPLIED -> new Answer(true, null, true);
        case REFUSED -> new Answer(false, e.reason(), true);
        case COMPENSATED, TOMBSTONE -> new Answer(false, COMPENSATED_ALREADY, true);
      };
    }
    String refusal = effect.get();
    storage.put(key, new Entry(refusal == null ? StepStatus.APPLIED : StepStatus.REFUSED, refusal));
    storage.sync();
    if (refusal == null) {
      applied++;
    }
    return new Answer(refusal == null, refusal, false);
  }

  /**
   * Runs the compensation of {@code step} of saga {@code sagaId}: {@code undo} runs (writing to the
   * same storage, without syncing) only if the action took effect and was not undone yet. Always
   * succeeds: a compensation must not fail.
   */
  public Answer compensate(String sagaId, String step, Runnable undo) {
    Require.notNull(undo, "undo");
    String key = key(sagaId, step);
    Entry e = storage.get(key, Entry.class);
    if (e == null) {
      storage.put(key, new Entry(StepStatus.TOMBSTONE, null));
      storage.sync();
      return new Answer(true, null, false);
    }
    if (e.status() != StepStatus.APPLIED) {
      duplicates++;
      return new Answer(true, null, true);
    }
    undo.run();
    storage.put(key, new Entry(StepStatus.COMPENSATED, null));
    storage.sync();
    compensations++;
    return new Answer(true, null, false);
  }

  /** What was done for {@code step} of saga {@code sagaId}, or null if nothing came for it. */
  public StepStatus status(String sagaId, String step) {
    Entry e = storage.get(key(sagaId, step), Entry.class);
    return e == null ? null : e.status();
  }

  /** Actions this incarnation applied. */
  public long applied() {
    return applied;
  }

  /** Compensations this incarnation applied. */
  public long compensations() {
    return compensations;
  }

  /** Requests this incarnation answered from an earlier record. */
  public long duplicates() {
    return duplicates;
  }

  private String key(String sagaId, String step) {
    Require.notNull(sagaId, "sagaId");
    Require.notNull(step, "step");
    return prefix + sagaId + "/" + step;
  }
}
