package dev.caplab.check;

import dev.caplab.history.Op;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The register models, by name as the command line uses them.
 *
 * <ul>
 *   <li>{@code register}: one register with read, write (and string append);
 *   <li>{@code cas-register}: the same plus compare-and-set;
 *   <li>{@code kv}: a map of independent registers (read, write, append, cas), checked per key.
 * </ul>
 *
 * Every register starts at the given initial value ({@code null} unless told otherwise; {@code ""}
 * for string-append histories). Append concatenates strings, treating {@code null} as
 * {@code ""}; appending to an integer cannot happen. Stateless and thread-safe.
 */
public final class Models {

  /** Names accepted by {@link #byName}. */
  public static final List<String> NAMES = List.of("register", "cas-register", "kv");

  private static final Set<Op.Fn> REGISTER = EnumSet.of(Op.Fn.READ, Op.Fn.WRITE, Op.Fn.APPEND);
  private static final Set<Op.Fn> ALL = EnumSet.allOf(Op.Fn.class);

  private Models() {}

  /** A register without cas, initially {@code null}. */
  public static Model<Object> register() {
    return register(null);
  }

  /** A register without cas, initially {@code initial} (a Long, a String or null). */
  public static Model<Object> register(Object initial) {
    return new RegisterModel("register", REGISTER, false, initial);
  }

  /** A register with cas, initially {@code null}. */
  public static Model<Object> casRegister() {
    return casRegister(null);
  }

  /** A register with cas, initially {@code initial}. */
  public static Model<Object> casRegister(Object initial) {
    return new RegisterModel("cas-register", ALL, false, initial);
  }

  /** A map of independent registers, each initially {@code initial}. */
  public static Model<Object> kv(Object initial) {
    return new RegisterModel("kv", ALL, true, initial);
  }

  /**
   * The model called {@code name} (one of {@link #NAMES}) with this initial value.
   *
   * @throws IllegalArgumentException for another name
   */
  public static Model<Object> byName(String name, Object initial) {
    return switch (String.valueOf(name)) {
      case "register" -> register(initial);
      case "cas-register" -> casRegister(initial);
      case "kv" -> kv(initial);
      default -> throw new IllegalArgumentException(
          "unknown model \"" + name + "\" (allowed: " + String.join(", ", NAMES) + ")");
    };
  }

  static List<String> wireNames(Set<Op.Fn> fns) {
    List<String> names = new ArrayList<>();
    for (Op.Fn f : fns) {
      names.add(f.wireName());
    }
    return names;
  }
}
