package dev.caplab.check;

import dev.caplab.history.Operation;
import java.util.List;

/**
 * Why a history is not linearizable, in terms a person can check by hand: the longest prefix of
 * operations the search could order legally, the state it leaves, and the operations that could
 * not be placed next: every operation that real-time order allowed next, none of which is legal
 * in that state (or each leads only to dead ends). Immutable and thread-safe.
 *
 * @param key the register whose sub-history fails ({@code null}: the single register)
 * @param prefix the longest linearizable prefix found, in linearization order
 * @param state the model state after {@code prefix}, rendered by the model
 * @param stuck the operations that could have come next in real-time order but none of which
 *     could be placed after {@code prefix}
 */
public record Counterexample(String key, List<Operation> prefix, String state,
    List<Operation> stuck) {

  /** Copies the lists. */
  public Counterexample {
    prefix = List.copyOf(prefix);
    stuck = List.copyOf(stuck);
  }

  /** A multi-line explanation. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    if (key != null) {
      sb.append("key \"").append(key).append("\": ");
    }
    sb.append("longest linearizable prefix has ").append(prefix.size()).append(" operation")
        .append(prefix.size() == 1 ? "" : "s").append(":\n");
    for (int i = 0; i < prefix.size(); i++) {
      sb.append(String.format("  %3d. %s%n", i + 1, prefix.get(i)));
    }
    sb.append("state after it: ").append(state).append('\n');
    sb.append("none of these can be placed next:\n");
    for (Operation op : stuck) {
      sb.append("       ").append(op).append('\n');
    }
    return sb.toString();
  }
}
