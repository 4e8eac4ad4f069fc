package dev.caplab.history;

import java.util.Locale;

/**
 * One operation of a history: an invocation paired with its completion.
 *
 * <p>An operation whose outcome is unknown (an {@code info} completion, or no completion before
 * the history ends) has {@link Status#INFO} and completes at {@link #NEVER}: it may take effect at
 * any time after {@code invokeTime}, or never. Immutable and thread-safe.
 *
 * @param index position of the operation in {@link History#operations()} (invocation order)
 * @param process the client process
 * @param f the operation
 * @param key the register, or {@code null} for the single register
 * @param input the invocation's value
 * @param output the completion's value ({@code null} when there was no completion)
 * @param invokeTime when it was invoked
 * @param completeTime when it completed, or {@link #NEVER} for {@link Status#INFO}
 * @param status how it ended
 */
public record Operation(
    int index,
    int process,
    Op.Fn f,
    String key,
    Object input,
    Object output,
    long invokeTime,
    long completeTime,
    Status status) {

  /** The completion time of an operation whose outcome is unknown: after every real time. */
  public static final long NEVER = Long.MAX_VALUE;

  /** How an operation ended. */
  public enum Status {
    /** It took effect. */
    OK,
    /** It did not take effect. */
    FAIL,
    /** Unknown: it may have taken effect, at any time after its invocation, or not at all. */
    INFO;

    /** Lower-case name, as in the file format. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Whether the operation completed at a known time. */
  public boolean completed() {
    return status != Status.INFO;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append("process ").append(process).append(' ').append(f.wireName());
    if (key != null) {
      sb.append(' ').append(Op.describe(key));
    }
    switch (f) {
      case READ -> sb.append(" -> ").append(status == Status.OK ? Op.describe(output) : "?");
      case WRITE, APPEND, CAS -> sb.append(' ').append(Op.describe(input));
      default -> throw new AssertionError(f);
    }
    sb.append(' ').append(status.wireName()).append(" [").append(invokeTime).append(", ")
        .append(completeTime == NEVER ? "never" : Long.toString(completeTime)).append(']');
    return sb.toString();
  }
}
