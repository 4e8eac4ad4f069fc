package dev.caplab.check;

import dev.caplab.history.History;
import dev.caplab.history.Op;
import dev.caplab.history.Operation;
import dev.caplab.time.Durations;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Why a history is not linearizable, in terms a person can check by hand: the longest prefix of
 * operations the search could order legally, the state it leaves, and the operations that could
 * not be placed next: every operation that real-time order allowed next, none of which is legal
 * in that state (or each leads only to dead ends). For a stuck read it also names the write it
 * returned and, when the read is stale, the write it missed. Immutable and thread-safe.
 *
 * @param key the register whose sub-history fails ({@code null}: the single register)
 * @param prefix the longest linearizable prefix found, in linearization order
 * @param state the model state after {@code prefix}, rendered by the model
 * @param stateValue the same state as a plain value ({@link Model#value}): for a register its
 *     value, a {@code Long}, a {@code String} or {@code null}
 * @param stuck the operations that could have come next in real-time order but none of which
 *     could be placed after {@code prefix}
 * @param reads for each read among {@code stuck}, the writes that explain it
 * @param processNames the history's process names ({@link History#processNames()})
 */
public record Counterexample(String key, List<Operation> prefix, String state, Object stateValue,
    List<Operation> stuck, List<StuckRead> reads, Map<Integer, String> processNames) {

  /**
   * A read that could not be placed, with the writes that explain it.
   *
   * @param read the read
   * @param returned the write whose value it returned, or {@code null} if no write of the key
   *     wrote that value (it is the initial value, or nobody's)
   * @param missed the write that produced the state after the prefix when that write completed
   *     before the read began (the read should have seen it or something newer), else {@code null}
   */
  public record StuckRead(Operation read, Operation returned, Operation missed) {
    /** Checks that the read is given. */
    public StuckRead {
      Objects.requireNonNull(read, "read");
    }
  }

  /** How {@link #describe(Times)} prints times. */
  public enum Times {
    /** The history's integers as they are: a history from elsewhere may use any unit. */
    RAW,
    /**
     * The history's integers as nanoseconds, in s, ms, us or ns ({@code 1.167469899s}), exactly:
     * caplab's own histories (recorded in a simulation) are in nanoseconds.
     */
    NANOSECONDS
  }

  /** Copies the lists and the names. */
  public Counterexample {
    prefix = List.copyOf(prefix);
    stuck = List.copyOf(stuck);
    reads = List.copyOf(reads);
    processNames = Map.copyOf(processNames);
  }

  /** A multi-line explanation with the history's raw times. */
  public String describe() {
    return describe(Times.RAW);
  }

  /** A multi-line explanation, with times printed as {@code times} says. */
  public String describe(Times times) {
    Objects.requireNonNull(times, "times");
    StringBuilder sb = new StringBuilder();
    if (key != null) {
      sb.append("key \"").append(key).append("\": ");
    }
    sb.append("longest linearizable prefix has ").append(prefix.size()).append(" operation")
        .append(prefix.size() == 1 ? "" : "s").append(":\n");
    for (int i = 0; i < prefix.size(); i++) {
      sb.append(String.format("  %3d. %s%n", i + 1, describe(prefix.get(i), times)));
    }
    sb.append("state after it: ").append(state).append('\n');
    sb.append("none of these can be placed next:\n");
    for (Operation op : stuck) {
      sb.append("       ").append(describe(op, times)).append('\n');
      for (StuckRead r : reads) {
        if (r.read() == op) {
          if (r.returned() != null) {
            sb.append("         it returned the value of ").append(describe(r.returned(), times))
                .append('\n');
          }
          if (r.missed() != null) {
            sb.append("         it missed ").append(describe(r.missed(), times))
                .append(", which completed before the read began\n");
          }
        }
      }
    }
    if (times == Times.NANOSECONDS) {
      sb.append("(times: the history's nanoseconds)\n");
    }
    return sb.toString();
  }

  /**
   * One operation as the explanation prints it: {@code c0 read "x" -> 7 ok [1.2s, 1.3s]}, with
   * the process's name when the history has one.
   */
  public String describe(Operation op, Times times) {
    StringBuilder sb = new StringBuilder();
    sb.append(History.nameOf(processNames, op.process())).append(' ').append(op.f().wireName());
    if (op.key() != null) {
      sb.append(" \"").append(op.key()).append('"');
    }
    switch (op.f()) {
      case READ -> sb.append(" -> ")
          .append(op.status() == Operation.Status.OK ? value(op.output()) : "?");
      case WRITE, APPEND, CAS -> sb.append(' ').append(value(op.input()));
      default -> throw new AssertionError(op.f());
    }
    sb.append(' ').append(op.status().wireName()).append(" [")
        .append(time(op.invokeTime(), times)).append(", ")
        .append(op.completeTime() == Operation.NEVER ? "never" : time(op.completeTime(), times))
        .append(']');
    return sb.toString();
  }

  private static String time(long t, Times times) {
    return times == Times.NANOSECONDS ? Durations.exact(t) : Long.toString(t);
  }

  private static String value(Object v) {
    if (v instanceof String s) {
      return '"' + s + '"';
    }
    if (v instanceof List<?> list) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < list.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(value(list.get(i)));
      }
      return sb.append(']').toString();
    }
    return String.valueOf(v);
  }

  /**
   * The explanations of the reads among {@code stuck}, for a register: a read returned the value
   * of the write (or cas) of that value that was invoked last before the read completed; it
   * missed the write (or cas) that produced the state after {@code prefix} if that one completed
   * strictly before the read was invoked and the read returned something else.
   *
   * @param ops all operations of the key (where the returned write is looked for)
   */
  static List<StuckRead> explainReads(List<Operation> ops, List<Operation> prefix,
      Object stateValue, List<Operation> stuck) {
    Operation producer = null;
    for (int i = prefix.size() - 1; i >= 0 && producer == null; i--) {
      Operation op = prefix.get(i);
      if (op.f() != Op.Fn.READ) {
        producer = op;
      }
    }
    if (producer != null && producer.f() == Op.Fn.APPEND) {
      return List.of(); // a string built by appends has no single writer
    }
    List<StuckRead> reads = new java.util.ArrayList<>();
    for (Operation read : stuck) {
      if (read.f() != Op.Fn.READ || read.status() != Operation.Status.OK) {
        continue;
      }
      Operation returned = null;
      for (Operation op : ops) {
        if (op.invokeTime() < read.completeTime() && Objects.equals(written(op), read.output())
            && (returned == null || op.invokeTime() >= returned.invokeTime())) {
          returned = op;
        }
      }
      Operation missed = producer != null && producer.completed()
          && producer.completeTime() < read.invokeTime()
          && !Objects.equals(stateValue, read.output()) ? producer : null;
      reads.add(new StuckRead(read, returned, missed));
    }
    return reads;
  }

  /** The value a write or cas puts in the register, or a marker that matches no read. */
  private static Object written(Operation op) {
    return switch (op.f()) {
      case WRITE -> op.input();
      case CAS -> ((List<?>) op.input()).get(1);
      default -> NOTHING;
    };
  }

  private static final Object NOTHING = new Object();
}
