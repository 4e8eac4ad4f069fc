package dev.caplab.net;

import dev.caplab.config.Require;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The address of a node in one network: its name and its dense index there.
 *
 * <p>Ids are handed out by a runtime as nodes join (through {@code Cluster.add} in a simulation);
 * look one up by name with {@link Network#id(String)}, which rejects unknown names. The index makes
 * per-link state array lookups instead of hash lookups on the hot path.
 *
 * <p>Immutable and thread-safe.
 */
public final class NodeId implements Comparable<NodeId> {

  /** What a node name may contain. */
  public static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final String name;
  private final int index;

  /**
   * An id for a runtime to hand out; users get theirs from the runtime, never make their own.
   *
   * @throws IllegalArgumentException for an invalid name or a negative index
   */
  public NodeId(String name, int index) {
    this.name = requireValidName(name);
    this.index = Require.atLeast("index", index, 0);
  }

  /** Checks a node name and returns it. */
  public static String requireValidName(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAME_PATTERN.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "node name must match " + NAME_PATTERN.pattern() + ", got '" + name + "'");
    }
    return name;
  }

  public String name() {
    return name;
  }

  /** The node's position in registration order, from 0. */
  public int index() {
    return index;
  }

  @Override
  public int compareTo(NodeId other) {
    return Integer.compare(index, other.index);
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof NodeId other && other.index == index && other.name.equals(name));
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + index;
  }

  @Override
  public String toString() {
    return name;
  }
}
