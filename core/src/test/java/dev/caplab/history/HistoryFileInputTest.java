package dev.caplab.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile or unusual history files: each is read or refused with its line and reason. */
class HistoryFileInputTest {

  private static final String INVOKE =
      "{\"process\":0,\"type\":\"invoke\",\"f\":\"read\",\"value\":null,\"time\":1}\n";
  private static final String OK_WITH_VALUE =
      "{\"process\":0,\"type\":\"ok\",\"f\":\"read\",\"value\":\"%s\",\"time\":2}\n";

  @TempDir Path tmp;

  private static HistoryFormatException bad(byte[] bytes) {
    return assertThrows(HistoryFormatException.class,
        () -> HistoryFormat.read(new ByteArrayInputStream(bytes)));
  }

  @Test
  void anEmptyFileIsRefusedLikeABlankLine() throws Exception {
    Path empty = Files.writeString(tmp.resolve("empty.jsonl"), "");
    HistoryFormatException e =
        assertThrows(HistoryFormatException.class, () -> HistoryFormat.read(empty));
    assertEquals("line 1: the file is empty (a history has at least one event)", e.getMessage());
    assertThrows(HistoryFormatException.class, () -> HistoryFormat.parse(""));
  }

  @Test
  void aLineWithoutEndIsRefusedAtTheLimitNotHeldWhole() {
    // An endless stream, as /dev/zero is: reading stops at the limit.
    InputStream zeros = new InputStream() {
      private long served;

      @Override
      public int read() {
        served++;
        if (served > 4L * HistoryFormat.MAX_LINE_LENGTH) {
          throw new AssertionError("read past the line limit");
        }
        return 0;
      }
    };
    HistoryFormatException e =
        assertThrows(HistoryFormatException.class, () -> HistoryFormat.read(zeros));
    assertEquals("line 1: line longer than 1048576 bytes (the limit of a line; is this a"
        + " history file?)", e.getMessage());
    String longSecondLine = INVOKE + "x".repeat(HistoryFormat.MAX_LINE_LENGTH + 1);
    HistoryFormatException r = assertThrows(HistoryFormatException.class,
        () -> HistoryFormat.read(new StringReader(longSecondLine)));
    assertEquals(2, r.line());
    assertEquals(2, bad(longSecondLine.getBytes(StandardCharsets.UTF_8)).line());
  }

  @Test
  void aLineJustUnderTheLimitIsRead() throws Exception {
    String value = "v".repeat(HistoryFormat.MAX_LINE_LENGTH - 80);
    String text = INVOKE + String.format(OK_WITH_VALUE, value);
    History h = HistoryFormat.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    assertEquals(value, h.operations().get(0).output());
  }

  @Test
  void aByteOrderMarkAtTheStartIsSkipped() throws Exception {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] text = (INVOKE + String.format(OK_WITH_VALUE, "é")).getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[bom.length + text.length];
    System.arraycopy(bom, 0, withBom, 0, bom.length);
    System.arraycopy(text, 0, withBom, bom.length, text.length);
    Path file = Files.write(tmp.resolve("bom.jsonl"), withBom);
    History h = HistoryFormat.read(file);
    assertEquals(HistoryFormat.parse(new String(text, StandardCharsets.UTF_8)), h);
    assertEquals("é", h.operations().get(0).output());
    assertEquals(h, HistoryFormat.parse("\uFEFF" + INVOKE + String.format(OK_WITH_VALUE, "é")));
    // Only at the start of the file: elsewhere it is a stray character.
    assertEquals(2, assertThrows(HistoryFormatException.class,
        () -> HistoryFormat.parse(INVOKE + "\uFEFF" + INVOKE)).line());
  }

  @Test
  void invalidUtf8NamesItsLineAndByte() throws Exception {
    byte[] head = (INVOKE + INVOKE.replace("invoke", "ok")
        + "{\"process\":1,\"type\":\"invoke\",\"f\":\"write\",\"value\":\"")
        .getBytes(StandardCharsets.UTF_8);
    byte[] tail = "\",\"time\":3}\n".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[head.length + 1 + tail.length];
    System.arraycopy(head, 0, bytes, 0, head.length);
    bytes[head.length] = (byte) 0xFF;
    System.arraycopy(tail, 0, bytes, head.length + 1, tail.length);
    Path file = Files.write(tmp.resolve("latin1.jsonl"), bytes);
    HistoryFormatException e =
        assertThrows(HistoryFormatException.class, () -> HistoryFormat.read(file));
    assertEquals("line 3: not valid UTF-8: byte 0xff at byte 51 of the line (history files"
        + " are UTF-8)", e.getMessage());
  }

  @Test
  void everyLineTerminatorSplitsLinesAsBefore() throws Exception {
    String lines = INVOKE.strip() + "\r\n" + INVOKE.strip().replace("invoke", "ok") + "\r"
        + INVOKE.strip().replace("\"time\":1", "\"time\":5");
    History fromBytes =
        HistoryFormat.read(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)));
    assertEquals(3, fromBytes.events().size());
    assertEquals(fromBytes, HistoryFormat.parse(lines));
  }
}
