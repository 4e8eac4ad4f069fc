package dev.caplab.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A report as one JSON object, for programs: {@code scenario}, {@code seed}, {@code traceHash},
 * {@code simulatedNanos}, {@code question}, {@code variant}, {@code metrics} (nested by the dots
 * of their names, values in their unit's base form), {@code checks} ({@code {"valid": ...,
 * "statement": ..., <evidence>...}} by name) and {@code units} (the unit of every number above, by
 * its path from the root, e.g. {@code "metrics.none.calls": "count"}). The body's prose and
 * tables are for people and are not part of it.
 *
 * <p>Thread-safe: stateless.
 */
public final class JsonReport {

  private JsonReport() {}

  /** The report's JSON object as a map, in field order. */
  public static Map<String, Object> toMap(Report r) {
    Header h = r.header();
    Map<String, String> units = new LinkedHashMap<>();
    Map<String, Object> metrics = nest(r.metrics(), "metrics", units);
    Map<String, Object> checks = new LinkedHashMap<>();
    for (Check c : r.checks()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("valid", c.valid());
      o.put("statement", c.statement());
      o.putAll(nest(c.evidence(), "checks." + c.name(), units));
      checks.put(c.name(), o);
    }
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("scenario", h.scenario());
    o.put("seed", h.seed());
    o.put("traceHash", h.traceHash());
    o.put("simulatedNanos", h.simulatedNanos());
    o.put("question", h.question());
    o.put("variant", h.variant());
    o.put("metrics", metrics);
    o.put("checks", checks);
    o.put("units", units);
    return o;
  }

  /** The report as one line of JSON. */
  public static String render(Report r) {
    return Json.write(toMap(r));
  }

  /** Metrics as nested maps by the dots of their names; records each unit under its full path. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> nest(List<Metric> metrics, String root, Map<String, String> units) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Metric m : metrics) {
      String[] parts = m.name().split("\\.");
      Map<String, Object> at = out;
      for (int i = 0; i < parts.length - 1; i++) {
        at = (Map<String, Object>) at.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
      }
      at.put(parts[parts.length - 1], m.value());
      units.put(root + "." + m.name(), m.unit().symbol());
    }
    return out;
  }
}
