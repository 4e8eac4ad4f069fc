package dev.caplab.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads and writes histories in caplab's JSON Lines format: one event per line,
 * {@code {"process":0,"type":"invoke","f":"write","key":"x","value":1,"time":1000}}.
 *
 * <p>Fields: {@code process} (integer {@code >= 0}), {@code type} ({@code invoke}, {@code ok},
 * {@code fail}, {@code info}), {@code f} ({@code read}, {@code write}, {@code cas},
 * {@code append}), {@code key} (string; optional, absent or {@code null} meaning the single
 * register), {@code value} (integer, string, {@code null}, or {@code [expected, new]} for cas;
 * required, {@code null} allowed), {@code time} (integer). Field order is free; unknown and
 * repeated fields are errors.
 *
 * <p><b>Order.</b> Lines need not be in time order: the format's reference example lists a read invoked
 * at 1200 after a write completed at 2500. The reader reads every line, sorts the events by time
 * (stable: lines with equal times keep their file order), and only then pairs invocations with
 * completions and checks that a process has at most one outstanding operation. A completion
 * whose time is before its own invocation (the previous line of the same process) is an error
 * on the completion's line. Errors always name the line's number in the file, not its position
 * after sorting. Writing emits events in time order.
 *
 * <p>Reading rejects the first malformed line with a {@link HistoryFormatException} carrying its
 * 1-based line number and the reason; nothing is skipped. <b>Blank lines</b> (empty or only
 * whitespace) are rejected too, because a blank line in the middle of a history usually means a
 * truncated or concatenated file; a final line terminator is fine ({@code \n}, {@code \r\n}).
 * Writing emits fields in the order above, omits {@code key} when there is none, and ends every
 * line with {@code \n}; reading what was written gives an equal history.
 *
 * <p>Stateless and thread-safe (the Jackson factory is shared, parsers are per call).
 */
public final class HistoryFormat {

  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final List<String> FIELDS =
      List.of("process", "type", "f", "key", "value", "time");

  private HistoryFormat() {}

  /** Reads a UTF-8 history file. */
  public static History read(Path file) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in);
    }
  }

  /** Parses a whole history held in a string. */
  public static History parse(String text) {
    try {
      return read(new StringReader(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringReader does not fail
    }
  }

  /**
   * Reads a history from {@code in} until its end (not closed).
   *
   * @throws HistoryFormatException for the first malformed line
   * @throws IOException if reading fails
   */
  public static History read(Reader in) throws IOException {
    BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
    List<Op> events = new ArrayList<>();
    long lineNo = 0;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      lineNo++;
      try {
        events.add(parseLine(line));
      } catch (IllegalArgumentException e) {
        throw new HistoryFormatException(lineNo, e.getMessage(), e);
      }
    }
    try {
      // Every line is one event (blank lines are errors), so event i is on line i + 1.
      return OpSequence.ordered(events, i -> "line " + (i + 1));
    } catch (OpSequence.EventException e) {
      throw new HistoryFormatException(e.index() + 1L, e.getMessage(), e);
    }
  }

  /** Parses one line into an event; the exception's message is the reason. */
  static Op parseLine(String line) {
    if (line.isBlank()) {
      throw new IllegalArgumentException("blank line (every line must be one event)");
    }
    Integer process = null;
    Op.Type type = null;
    Op.Fn f = null;
    String key = null;
    Object value = null;
    Long time = null;
    List<String> seen = new ArrayList<>(FIELDS.size());
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("expected a JSON object {...}, found " + shorten(line));
      }
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (!FIELDS.contains(name)) {
          throw new IllegalArgumentException("unknown field \"" + name + "\" (allowed: "
              + String.join(", ", FIELDS) + ")");
        }
        if (seen.contains(name)) {
          throw new IllegalArgumentException("field \"" + name + "\" appears twice");
        }
        seen.add(name);
        switch (name) {
          case "process" -> process = integerField(p, v, name);
          case "type" -> type = enumField(p, v, name, Op.Type.values());
          case "f" -> f = enumField(p, v, name, Op.Fn.values());
          case "key" -> key = keyField(p, v);
          case "value" -> value = valueField(p, v);
          case "time" -> time = longField(p, v, name);
          default -> throw new AssertionError(name);
        }
      }
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("unexpected content after the JSON object");
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // parsing a String does not do I/O
    }
    for (String name : FIELDS) {
      if (!name.equals("key") && !seen.contains(name)) {
        throw new IllegalArgumentException("missing field \"" + name + "\" (required: process,"
            + " type, f, value, time; key is optional)");
      }
    }
    return new Op(process, type, f, key, value, time);
  }

  private static int integerField(JsonParser p, JsonToken v, String name) throws IOException {
    long x = longField(p, v, name);
    if (x < 0 || x > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " must be between 0 and " + Integer.MAX_VALUE
          + ", got " + x);
    }
    return (int) x;
  }

  private static long longField(JsonParser p, JsonToken v, String name) throws IOException {
    if (v != JsonToken.VALUE_NUMBER_INT || !fitsLong(p)) {
      throw new IllegalArgumentException(name + " must be an integer (64-bit), got "
          + tokenText(p, v));
    }
    return p.getLongValue();
  }

  private static boolean fitsLong(JsonParser p) throws IOException {
    JsonParser.NumberType t = p.getNumberType();
    return t == JsonParser.NumberType.INT || t == JsonParser.NumberType.LONG;
  }

  private static <E extends Enum<E>> E enumField(JsonParser p, JsonToken v, String name,
      E[] values) throws IOException {
    List<String> allowed = new ArrayList<>(values.length);
    for (E e : values) {
      allowed.add(e.name().toLowerCase(Locale.ROOT));
    }
    if (v == JsonToken.VALUE_STRING) {
      int i = allowed.indexOf(p.getText());
      if (i >= 0) {
        return values[i];
      }
      throw new IllegalArgumentException("unknown " + name + " \"" + p.getText() + "\" (allowed: "
          + String.join(", ", allowed) + ")");
    }
    throw new IllegalArgumentException(name + " must be a string, one of "
        + String.join(", ", allowed) + ", got " + tokenText(p, v));
  }

  private static String keyField(JsonParser p, JsonToken v) throws IOException {
    return switch (v) {
      case VALUE_NULL -> null;
      case VALUE_STRING -> p.getText();
      default -> throw new IllegalArgumentException(
          "key must be a string (or absent), got " + tokenText(p, v));
    };
  }

  private static Object valueField(JsonParser p, JsonToken v) throws IOException {
    if (v == JsonToken.START_ARRAY) {
      List<Object> items = new ArrayList<>(2);
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
          throw new IllegalArgumentException(
              "value list items must be integers, strings or null, found a nested "
                  + (t == JsonToken.START_ARRAY ? "list" : "object"));
        }
        items.add(scalar(p, t));
      }
      return items;
    }
    return scalar(p, v);
  }

  private static Object scalar(JsonParser p, JsonToken v) throws IOException {
    return switch (v) {
      case VALUE_NULL -> null;
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT -> {
        if (!fitsLong(p)) {
          throw new IllegalArgumentException("value must fit in 64 bits, got " + p.getText());
        }
        yield p.getLongValue();
      }
      default -> throw new IllegalArgumentException("value must be an integer, a string, null or"
          + " a list [expected, new], got " + tokenText(p, v));
    };
  }

  private static String tokenText(JsonParser p, JsonToken v) throws IOException {
    return switch (v) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "a list";
      case VALUE_STRING -> "\"" + p.getText() + "\"";
      default -> p.getText();
    };
  }

  private static String shorten(String line) {
    String s = line.strip();
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  /** Writes {@code history} to {@code out}, one line per event (does not close {@code out}). */
  public static void write(History history, Writer out) throws IOException {
    Objects.requireNonNull(history, "history");
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.setRootValueSeparator(null);
      for (Op op : history.events()) {
        g.writeStartObject();
        g.writeNumberField("process", op.process());
        g.writeStringField("type", op.type().wireName());
        g.writeStringField("f", op.f().wireName());
        if (op.key() != null) {
          g.writeStringField("key", op.key());
        }
        g.writeFieldName("value");
        writeValue(g, op.value());
        g.writeNumberField("time", op.time());
        g.writeEndObject();
        g.writeRaw('\n');
      }
    }
  }

  /** Writes {@code history} to a UTF-8 file, replacing it. */
  public static void write(History history, Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(history, out);
    }
  }

  /** The history as JSON Lines text. */
  public static String toString(History history) {
    StringWriter out = new StringWriter();
    try {
      write(history, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  private static void writeValue(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof List<?> list) {
      g.writeStartArray();
      for (Object item : list) {
        writeValue(g, item);
      }
      g.writeEndArray();
    } else {
      throw new AssertionError("Op admitted a value of " + v.getClass());
    }
  }
}
