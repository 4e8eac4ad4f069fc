package dev.caplab.history;

/**
 * A history file that is not in the history format ({@link HistoryFormat}), with the 1-based line number and the
 * reason, so the person who wrote the file can fix it without reading caplab's source.
 *
 * <p>An {@link IllegalArgumentException}: the input, not caplab's state, is wrong. Immutable.
 */
public final class HistoryFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final long line;
  private final String reason;

  /** A problem on {@code line} (1-based). */
  public HistoryFormatException(long line, String reason, Throwable cause) {
    super("line " + line + ": " + reason, cause);
    this.line = line;
    this.reason = reason;
  }

  /** The 1-based line number of the offending line. */
  public long line() {
    return line;
  }

  /** What is wrong with the line, without the line number. */
  public String reason() {
    return reason;
  }
}
