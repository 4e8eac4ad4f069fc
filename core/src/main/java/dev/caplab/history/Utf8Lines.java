package dev.caplab.history;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Splits a byte stream into lines ({@code \n}, {@code \r\n} or {@code \r}) and decodes each line
 * as UTF-8 on its own, so that a decoding error is reported with its line (a decoding reader
 * fails somewhere in its read-ahead, with no line at all) and a line cannot grow past a limit.
 * Not thread-safe.
 */
final class Utf8Lines {

  private final InputStream in;
  private final int maxBytes;
  private final byte[] buffer = new byte[1 << 16];
  private int pos;
  private int end;
  private byte[] line = new byte[256];
  private boolean skipNewline; // the previous line ended with \r: a following \n belongs to it
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);

  Utf8Lines(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /**
   * The next line without its terminator, or {@code null} at the end of the stream.
   *
   * @throws IllegalArgumentException if the line is longer than the limit or not UTF-8
   */
  String next() throws IOException {
    int length = 0;
    boolean any = false;
    while (true) {
      if (pos == end) {
        end = in.read(buffer);
        pos = 0;
        if (end <= 0) {
          end = 0;
          return any ? decode(length) : null;
        }
      }
      byte b = buffer[pos++];
      if (skipNewline) {
        skipNewline = false;
        if (b == '\n') {
          continue;
        }
      }
      any = true;
      if (b == '\n' || b == '\r') {
        skipNewline = b == '\r';
        return decode(length);
      }
      if (length == maxBytes) {
        throw new IllegalArgumentException("line longer than " + maxBytes
            + " bytes (the limit of a line; is this a history file?)");
      }
      if (length == line.length) {
        line = Arrays.copyOf(line, Math.min(maxBytes, 2 * line.length));
      }
      line[length++] = b;
    }
  }

  private String decode(int length) {
    ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
    CharBuffer chars = CharBuffer.allocate(length);
    decoder.reset();
    CoderResult r = decoder.decode(bytes, chars, true);
    if (!r.isError()) {
      r = decoder.flush(chars);
    }
    if (r.isError()) {
      int at = bytes.position();
      throw new IllegalArgumentException("not valid UTF-8: byte "
          + String.format(Locale.ROOT, "0x%02x", line[at] & 0xff) + " at byte " + (at + 1)
          + " of the line (history files are UTF-8)");
    }
    return chars.flip().toString();
  }
}
