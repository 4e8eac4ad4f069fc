package dev.caplab.history;

import java.io.IOException;
import java.io.Reader;

/**
 * Splits a character stream into lines ({@code \n}, {@code \r\n} or {@code \r}) like {@link
 * java.io.BufferedReader#readLine}, but refuses a line longer than a limit instead of holding it
 * whole. Not thread-safe.
 */
final class CharLines {

  private final Reader in;
  private final int maxChars;
  private final char[] buffer = new char[1 << 14];
  private int pos;
  private int end;
  private final StringBuilder line = new StringBuilder(256);
  private boolean skipNewline;

  CharLines(Reader in, int maxChars) {
    this.in = in;
    this.maxChars = maxChars;
  }

  /**
   * The next line without its terminator, or {@code null} at the end of the stream.
   *
   * @throws IllegalArgumentException if the line is longer than the limit
   */
  String next() throws IOException {
    line.setLength(0);
    boolean any = false;
    while (true) {
      if (pos == end) {
        end = in.read(buffer);
        pos = 0;
        if (end <= 0) {
          end = 0;
          return any ? line.toString() : null;
        }
      }
      char c = buffer[pos++];
      if (skipNewline) {
        skipNewline = false;
        if (c == '\n') {
          continue;
        }
      }
      any = true;
      if (c == '\n' || c == '\r') {
        skipNewline = c == '\r';
        return line.toString();
      }
      if (line.length() == maxChars) {
        throw new IllegalArgumentException("line longer than " + maxChars
            + " characters (the limit of a line; is this a history file?)");
      }
      line.append(c);
    }
  }
}
