package dev.caplab.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Both line readers split text as {@link String#lines()} does ({@code \n}, {@code \r\n},
 * {@code \r}), however the stream hands out its bytes or characters: a {@code \r\n} split between
 * two reads is one terminator, a multi-byte character split between two reads is one character,
 * and a line at the limit is read while one past it is refused.
 */
class LineReadersProperties {

  /** Lines of UTF-8 text of one to four bytes a character, joined by mixed terminators. */
  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> line = Arbitraries.of("a", "é", "€", "\uD83D\uDE00", " ", "{\"x\":1}")
        .list().ofMaxSize(6).map(parts -> String.join("", parts));
    Arbitrary<String> terminator = Arbitraries.of("\n", "\r", "\r\n");
    return Combinators.combine(line, terminator).as((l, t) -> l + t).list().ofMaxSize(8)
        .flatMap(lines -> Combinators.combine(line, Arbitraries.of(true, false))
            .as((last, terminated) -> String.join("", lines) + (terminated ? "" : last)));
  }

  @Property(tries = 300)
  void charLinesSplitLikeStringLinesInAnyChunking(@ForAll("texts") String text,
      @ForAll @IntRange(min = 1, max = 7) int chunk) throws IOException {
    assertEquals(text.lines().toList(), readAll(new CharLines(chunked(text, chunk), 1 << 10)));
  }

  @Property(tries = 300)
  void utf8LinesSplitLikeStringLinesInAnyChunking(@ForAll("texts") String text,
      @ForAll @IntRange(min = 1, max = 7) int chunk) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    assertEquals(text.lines().toList(), readAll(new Utf8Lines(chunked(bytes, chunk), 1 << 10)));
  }

  /** A {@code \r} that ends the reader's buffer and a {@code \n} that starts its next read. */
  @Example
  void aCrLfSplitAtTheBufferEndIsOneTerminator() throws IOException {
    for (int buffer : new int[] {1 << 14, 1 << 16}) {
      String first = "x".repeat(buffer - 1);
      String text = first + "\r\n" + "y\r\n\r\nz";
      List<String> expected = List.of(first, "y", "", "z");
      assertEquals(expected, readAll(new CharLines(new StringReader(text), 1 << 20)));
      assertEquals(expected, readAll(new Utf8Lines(
          new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 1 << 20)));
    }
  }

  /** A three-byte character across the 64 KiB boundary of the byte reader's buffer. */
  @Example
  void aCharacterSplitAtTheBufferEndIsDecodedWhole() throws IOException {
    String text = "a".repeat((1 << 16) - 1) + "€\n" + "b";
    assertEquals(text.lines().toList(), readAll(new Utf8Lines(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 1 << 20)));
  }

  /** The limit counts characters for a reader and bytes for a stream; one past it is refused. */
  @Example
  void aLineAtTheLimitIsReadAndOnePastItIsRefused() throws IOException {
    int limit = 40;
    String atLimit = "é".repeat(limit / 2);
    assertEquals(List.of(atLimit), readAll(new Utf8Lines(
        new ByteArrayInputStream((atLimit + "\n").getBytes(StandardCharsets.UTF_8)), limit)));
    assertEquals("line longer than 40 bytes (the limit of a line; is this a history file?)",
        assertThrows(IllegalArgumentException.class, () -> readAll(new Utf8Lines(
            new ByteArrayInputStream((atLimit + "a").getBytes(StandardCharsets.UTF_8)), limit)))
            .getMessage());
    String chars = "é".repeat(limit);
    assertEquals(List.of(chars), readAll(new CharLines(new StringReader(chars), limit)));
    assertEquals("line longer than 40 characters (the limit of a line; is this a history file?)",
        assertThrows(IllegalArgumentException.class,
            () -> readAll(new CharLines(new StringReader(chars + "é\n"), limit))).getMessage());
  }

  /** After the end of the stream, each further call answers the end again. */
  @Example
  void theEndIsAnsweredAgain() throws IOException {
    CharLines chars = new CharLines(new StringReader("a\r"), 8);
    assertEquals("a", chars.next());
    assertNull(chars.next());
    assertNull(chars.next());
    Utf8Lines bytes = new Utf8Lines(new ByteArrayInputStream(new byte[] {'a', '\r'}), 8);
    assertEquals("a", bytes.next());
    assertNull(bytes.next());
    assertNull(bytes.next());
  }

  private interface LineSource {
    String next() throws IOException;
  }

  private static List<String> readAll(CharLines lines) throws IOException {
    return readAll((LineSource) lines::next);
  }

  private static List<String> readAll(Utf8Lines lines) throws IOException {
    return readAll((LineSource) lines::next);
  }

  private static List<String> readAll(LineSource lines) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line = lines.next(); line != null; line = lines.next()) {
      out.add(line);
    }
    return out;
  }

  /** A reader that hands out at most {@code chunk} characters a read. */
  private static Reader chunked(String text, int chunk) {
    return new Reader() {
      private int at;

      @Override
      public int read(char[] buf, int off, int len) {
        if (at == text.length()) {
          return -1;
        }
        int n = Math.min(Math.min(len, chunk), text.length() - at);
        text.getChars(at, at + n, buf, off);
        at += n;
        return n;
      }

      @Override
      public void close() {}
    };
  }

  /** A stream that hands out at most {@code chunk} bytes a read. */
  private static InputStream chunked(byte[] bytes, int chunk) {
    return new InputStream() {
      private int at;

      @Override
      public int read() {
        return at == bytes.length ? -1 : bytes[at++] & 0xff;
      }

      @Override
      public int read(byte[] buf, int off, int len) {
        if (at == bytes.length) {
          return -1;
        }
        int n = Math.min(Math.min(len, chunk), bytes.length - at);
        System.arraycopy(bytes, at, buf, off, n);
        at += n;
        return n;
      }
    };
  }
}
