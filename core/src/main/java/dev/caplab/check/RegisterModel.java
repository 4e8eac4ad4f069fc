package dev.caplab.check;

import dev.caplab.history.Op;
import dev.caplab.history.Operation;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A register holding a Long, a String or null. The state is the value itself, with {@link #NIL}
 * standing for {@code null} (a model state may not be null). Immutable and thread-safe.
 */
final class RegisterModel implements Model<Object> {

  /** The state of a register holding {@code null}; its hash is a constant, not an identity. */
  static final Object NIL = new Object() {
    @Override
    public int hashCode() {
      return 0x6e696c;
    }

    @Override
    public boolean equals(Object o) {
      return o == this;
    }

    @Override
    public String toString() {
      return "null";
    }
  };

  private final String name;
  private final Set<Op.Fn> functions;
  private final boolean perKey;
  private final Object initial;

  RegisterModel(String name, Set<Op.Fn> functions, boolean perKey, Object initial) {
    if (initial != null && !(initial instanceof Long) && !(initial instanceof String)) {
      throw new IllegalArgumentException("initial must be a Long, a String or null, got "
          + initial + " (" + initial.getClass().getSimpleName() + ")");
    }
    this.name = name;
    this.functions = Collections.unmodifiableSet(EnumSet.copyOf(functions));
    this.perKey = perKey;
    this.initial = wrap(initial);
  }

  private static Object wrap(Object value) {
    return value == null ? NIL : value;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<Op.Fn> functions() {
    return functions;
  }

  @Override
  public boolean perKey() {
    return perKey;
  }

  @Override
  public Object init() {
    return initial;
  }

  @Override
  public Object step(Object state, Operation op) {
    switch (op.f()) {
      case READ -> {
        return state.equals(wrap(op.output())) ? state : null;
      }
      case WRITE -> {
        return wrap(op.input());
      }
      case APPEND -> {
        if (state == NIL) {
          return op.input();
        }
        return state instanceof String s ? s.concat((String) op.input()) : null;
      }
      case CAS -> {
        List<?> pair = (List<?>) op.input();
        return state.equals(wrap(pair.get(0))) ? wrap(pair.get(1)) : null;
      }
      default -> throw new AssertionError(op.f());
    }
  }

  @Override
  public String describe(Object state) {
    if (state instanceof String s) {
      return '"' + s + '"';
    }
    return String.valueOf(state);
  }

  @Override
  public String toString() {
    return name + "(initial " + describe(initial) + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RegisterModel m && name.equals(m.name) && initial.equals(m.initial);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, initial);
  }
}
