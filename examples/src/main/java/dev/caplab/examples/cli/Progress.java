package dev.caplab.examples.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a long command on stderr, shown only when stderr is a terminal, so
 * pipes, files and tests see clean output. Java cannot tell whether stderr alone is a terminal, so
 * the {@code caplab} launcher tests it ({@code [ -t 2 ]}) and sets {@value #ENV}.
 *
 * <p>Each step overwrites the line with a carriage return; {@link #done()} clears it. Not
 * thread-safe: used by one command.
 */
final class Progress {

  /** Set to {@code 1} by the launcher when stderr is a terminal. */
  static final String ENV = "CAPLAB_PROGRESS";

  private final PrintWriter err;
  private final String label;
  private final int total;
  private final boolean enabled;
  private int width;

  Progress(PrintWriter err, String label, int total, boolean enabled) {
    this.err = err;
    this.label = label;
    this.total = total;
    this.enabled = enabled;
  }

  /** A reporter for {@code total} steps, silent unless the launcher found a terminal. */
  static Progress of(PrintWriter err, String label, int total) {
    return new Progress(err, label, total, "1".equals(System.getenv(ENV)));
  }

  /** Says that step {@code done} of the total is starting, described by {@code what}. */
  void step(int done, String what) {
    if (!enabled) {
      return;
    }
    String line = String.format(Locale.ROOT, "%s: %d/%d %s", label, done, total, what);
    err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
    err.flush();
    width = line.length();
  }

  /** Clears the progress line. */
  void done() {
    if (enabled && width > 0) {
      err.print("\r" + " ".repeat(width) + "\r");
      err.flush();
    }
  }
}
