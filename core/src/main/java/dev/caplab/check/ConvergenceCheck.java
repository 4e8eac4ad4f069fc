package dev.caplab.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Whether replicas hold the same data: the check to run after a partition heals and the system
 * has had a quiet period (no new writes) to repair itself. Taking the snapshot at the right time
 * is the caller's part; this class compares it.
 *
 * <p>Input: replica name to (key to value). A key missing on some replicas but present on others
 * is a difference (shown as {@code null} for the replicas that lack it: replica maps should not
 * hold {@code null} values, which would be indistinguishable). Values are compared with
 * {@code equals}. Keys are reported in order of first appearance, replicas in the given order.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConvergenceCheck {

  /** How many differing keys {@link Result#toMap()} lists; the count is always complete. */
  public static final int MAX_LISTED = 20;

  private ConvergenceCheck() {}

  /**
   * Compares the replicas.
   *
   * @throws IllegalArgumentException if there are no replicas
   */
  public static <K, V> Result<K, V> check(Map<String, ? extends Map<K, V>> replicas) {
    Objects.requireNonNull(replicas, "replicas");
    if (replicas.isEmpty()) {
      throw new IllegalArgumentException("replicas must not be empty");
    }
    Set<K> keys = new LinkedHashSet<>();
    for (Map<K, V> r : replicas.values()) {
      keys.addAll(Objects.requireNonNull(r, "replica map").keySet());
    }
    List<Difference<K, V>> diffs = new ArrayList<>();
    for (K key : keys) {
      Map<String, V> values = new LinkedHashMap<>();
      boolean same = true;
      boolean first = true;
      V seen = null;
      boolean seenPresent = false;
      for (Map.Entry<String, ? extends Map<K, V>> r : replicas.entrySet()) {
        boolean present = r.getValue().containsKey(key);
        V v = r.getValue().get(key);
        values.put(r.getKey(), v);
        if (first) {
          seen = v;
          seenPresent = present;
          first = false;
        } else if (present != seenPresent || !Objects.equals(v, seen)) {
          same = false;
        }
      }
      if (!same) {
        diffs.add(new Difference<>(key, values));
      }
    }
    return new Result<>(diffs.isEmpty(), replicas.size(), keys.size(), diffs);
  }

  /**
   * One key on which the replicas disagree.
   *
   * @param key the key
   * @param values each replica's value, {@code null} where the replica lacks the key
   */
  public record Difference<K, V>(K key, Map<String, V> values) {
    /** Freezes the values (keeping nulls and the replica order). */
    public Difference {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
  }

  /**
   * The comparison.
   *
   * @param valid whether every replica holds exactly the same keys and values
   * @param replicas how many replicas were compared
   * @param keys how many distinct keys the replicas hold together
   * @param differences the keys that differ, in order of first appearance
   */
  public record Result<K, V>(boolean valid, int replicas, int keys,
      List<Difference<K, V>> differences) {

    /** Copies the list. */
    public Result {
      differences = List.copyOf(differences);
    }

    /**
     * JSON-friendly view: valid, replicas, keys, differingKeys (the count), differences (the first
     * {@link #MAX_LISTED}: {@code [{key, values: {replica: value}}]}, keys as strings).
     */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("valid", valid);
      m.put("replicas", replicas);
      m.put("keys", keys);
      m.put("differingKeys", differences.size());
      List<Map<String, Object>> listed = new ArrayList<>();
      for (Difference<K, V> d : differences.subList(0, Math.min(MAX_LISTED, differences.size()))) {
        Map<String, Object> dm = new LinkedHashMap<>();
        dm.put("key", String.valueOf(d.key()));
        dm.put("values", new LinkedHashMap<String, Object>(d.values()));
        listed.add(dm);
      }
      m.put("differences", listed);
      return m;
    }
  }
}
