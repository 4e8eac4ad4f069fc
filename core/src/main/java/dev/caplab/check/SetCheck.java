package dev.caplab.check;

import dev.caplab.history.Operation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The Jepsen set check: clients add (and optionally remove) unique elements, then one or more
 * final reads (for example one per replica, after heal and a quiet period) show what survived.
 *
 * <ul>
 *   <li><b>lost</b>: an acknowledged ({@code ok}) add, never the target of a remove that may have
 *       happened ({@code ok} or {@code info}), missing from some final read;
 *   <li><b>unexpected</b>: present in a final read but never added with {@code ok} or
 *       {@code info} (never attempted, or only a failed add);
 *   <li><b>recovered</b>: an add of unknown outcome ({@code info}) that is present in some final
 *       read (not an error: it took effect);
 *   <li><b>resurrected</b>: removed with {@code ok}, yet present in some final read.
 * </ul>
 *
 * Valid means no lost, unexpected or resurrected element. Each element is added at most once and
 * removed at most once, after its add (the Jepsen workload); anything else is rejected. Element
 * lists keep the order of the attempts. Stateless and thread-safe.
 */
public final class SetCheck {

  private SetCheck() {}

  /** Whether an attempt adds or removes its element. */
  public enum Kind {
    /** Adds the element. */
    ADD,
    /** Removes the element. */
    REMOVE
  }

  /**
   * One attempted operation and how it ended.
   *
   * @param kind add or remove
   * @param element the element
   * @param status ok (took effect), fail (did not) or info (unknown)
   */
  public record Attempt<E>(Kind kind, E element, Operation.Status status) {
    /** Checks the fields are present. */
    public Attempt {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(element, "element");
      Objects.requireNonNull(status, "status");
    }

    /** An add. */
    public static <E> Attempt<E> add(E element, Operation.Status status) {
      return new Attempt<>(Kind.ADD, element, status);
    }

    /** A remove. */
    public static <E> Attempt<E> remove(E element, Operation.Status status) {
      return new Attempt<>(Kind.REMOVE, element, status);
    }
  }

  /**
   * Checks the final reads against the attempts.
   *
   * @param attempts every add and remove, in the order they were made
   * @param finalReads reader name (a replica, a client) to the set it read
   * @throws IllegalArgumentException if an element is added or removed twice, removed without an
   *     add, or there is no final read
   */
  public static <E> Result<E> check(List<Attempt<E>> attempts,
      Map<String, ? extends Collection<E>> finalReads) {
    Objects.requireNonNull(attempts, "attempts");
    Objects.requireNonNull(finalReads, "finalReads");
    if (finalReads.isEmpty()) {
      throw new IllegalArgumentException("finalReads must not be empty: the check compares the"
          + " attempts with at least one final read");
    }
    Map<E, Operation.Status> added = new LinkedHashMap<>();
    Map<E, Operation.Status> removed = new LinkedHashMap<>();
    for (Attempt<E> a : attempts) {
      Map<E, Operation.Status> target = a.kind() == Kind.ADD ? added : removed;
      if (a.kind() == Kind.REMOVE && !added.containsKey(a.element())) {
        throw new IllegalArgumentException("remove of " + a.element() + " before any add of it"
            + " (each element is added once, then removed at most once)");
      }
      if (target.putIfAbsent(a.element(), a.status()) != null) {
        throw new IllegalArgumentException(a.kind().name().toLowerCase(java.util.Locale.ROOT)
            + " of " + a.element() + " attempted twice (elements must be unique per attempt)");
      }
    }
    List<Set<E>> reads = new ArrayList<>();
    Set<E> inSome = new LinkedHashSet<>();
    for (Collection<E> r : finalReads.values()) {
      Set<E> s = new LinkedHashSet<>(r);
      reads.add(s);
      inSome.addAll(s);
    }
    List<E> lost = new ArrayList<>();
    List<E> recovered = new ArrayList<>();
    List<E> resurrected = new ArrayList<>();
    long acknowledged = 0;
    long unknown = 0;
    long failed = 0;
    for (Map.Entry<E, Operation.Status> a : added.entrySet()) {
      E e = a.getKey();
      Operation.Status removal = removed.get(e);
      boolean mayBeRemoved = removal == Operation.Status.OK || removal == Operation.Status.INFO;
      switch (a.getValue()) {
        case OK -> {
          acknowledged++;
          if (!mayBeRemoved && !reads.stream().allMatch(s -> s.contains(e))) {
            lost.add(e);
          }
        }
        case INFO -> {
          unknown++;
          if (inSome.contains(e)) {
            recovered.add(e);
          }
        }
        case FAIL -> failed++;
        default -> throw new AssertionError(a.getValue());
      }
      if (removal == Operation.Status.OK && a.getValue() != Operation.Status.FAIL
          && inSome.contains(e)) {
        resurrected.add(e);
      }
    }
    List<E> unexpected = new ArrayList<>();
    for (E e : inSome) {
      Operation.Status s = added.get(e);
      if (s == null || s == Operation.Status.FAIL) {
        unexpected.add(e);
      }
    }
    return new Result<>(lost.isEmpty() && unexpected.isEmpty() && resurrected.isEmpty(),
        added.size(), acknowledged, unknown, failed, removed.size(), finalReads.size(),
        lost, unexpected, recovered, resurrected);
  }

  /**
   * The verdict and the elements behind it.
   *
   * @param valid no lost, unexpected or resurrected element
   * @param attemptedAdds all adds
   * @param acknowledgedAdds adds that returned ok
   * @param unknownAdds adds of unknown outcome (info)
   * @param failedAdds adds that failed
   * @param attemptedRemoves all removes
   * @param finalReads how many final reads were compared
   * @param lost acknowledged, not removed, missing from some final read
   * @param unexpected present but never successfully or possibly added
   * @param recovered unknown adds that are present
   * @param resurrected acknowledged removes whose element is present
   */
  public record Result<E>(boolean valid, long attemptedAdds, long acknowledgedAdds,
      long unknownAdds, long failedAdds, long attemptedRemoves, int finalReads, List<E> lost,
      List<E> unexpected, List<E> recovered, List<E> resurrected) {

    /** Copies the lists. */
    public Result {
      lost = List.copyOf(lost);
      unexpected = List.copyOf(unexpected);
      recovered = List.copyOf(recovered);
      resurrected = List.copyOf(resurrected);
    }

    /** JSON-friendly view: the counts, then the element lists (elements as they are). */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("valid", valid);
      m.put("attemptedAdds", attemptedAdds);
      m.put("acknowledgedAdds", acknowledgedAdds);
      m.put("unknownAdds", unknownAdds);
      m.put("failedAdds", failedAdds);
      m.put("attemptedRemoves", attemptedRemoves);
      m.put("finalReads", finalReads);
      m.put("lost", new ArrayList<Object>(lost));
      m.put("unexpected", new ArrayList<Object>(unexpected));
      m.put("recovered", new ArrayList<Object>(recovered));
      m.put("resurrected", new ArrayList<Object>(resurrected));
      return m;
    }
  }
}
