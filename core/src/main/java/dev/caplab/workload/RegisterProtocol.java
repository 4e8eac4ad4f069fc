package dev.caplab.workload;

/**
 * How a {@link RegisterWorkload}'s clients speak to the system under test: the request for a
 * read or a write of a key, and what a reply means. The system's own message records stay its
 * own; this adapter is all the workload knows of them.
 */
public interface RegisterProtocol {

  /** The request that reads {@code key} (null for the single register of a register system). */
  Object read(String key);

  /** The request that writes {@code value} to {@code key}. */
  Object write(String key, long value);

  /**
   * What a reply says. A reply that is not the system's answer to a read or write (an error, a
   * redirect to the leader) is {@link Result#failed()}: the operation did not take effect.
   */
  Result result(Object reply);

  /**
   * A reply's meaning.
   *
   * @param ok whether the operation took effect (a write) or returned a value (a read)
   * @param value what a read returned (null for "no value yet"); ignored for a write
   */
  record Result(boolean ok, Object value) {

    /** The operation took effect; a read saw {@code value}. */
    public static Result ok(Object value) {
      return new Result(true, value);
    }

    /** A write took effect. */
    public static Result written() {
      return new Result(true, null);
    }

    /** The operation did not take effect. */
    public static Result failed() {
      return new Result(false, null);
    }
  }
}
