package dev.caplab.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * caplab's one JSON writer: maps (in their iteration order), lists, strings, numbers, booleans and
 * null, on one line, through Jackson's streaming generator. Reports, checker verdicts and every
 * command's {@code --json} output go through it, so they format numbers and escape text alike.
 *
 * <p>Thread-safe: stateless.
 */
public final class Json {

  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  /**
   * {@code value} as one line of JSON.
   *
   * @throws IllegalArgumentException for a value of another type, or a non-finite number
   */
  public static String write(Object value) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, value, "$");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator g, Object v, String path) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("JSON has no " + d + " (at " + path + ")");
      }
      g.writeNumber(d);
    } else if (v instanceof java.math.BigInteger i) {
      g.writeNumber(i);
    } else if (v instanceof java.math.BigDecimal d) {
      g.writeNumber(d);
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String key = String.valueOf(e.getKey());
        g.writeFieldName(key);
        write(g, e.getValue(), path + "." + key);
      }
      g.writeEndObject();
    } else if (v instanceof List<?> l) {
      g.writeStartArray();
      for (int i = 0; i < l.size(); i++) {
        write(g, l.get(i), path + "[" + i + "]");
      }
      g.writeEndArray();
    } else {
      throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as JSON (at " + path + ")");
    }
  }
}
