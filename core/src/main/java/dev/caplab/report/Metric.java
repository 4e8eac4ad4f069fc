package dev.caplab.report;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One named figure of a run, with its unit. The name is a dotted path ({@code none.calls}) whose
 * parts group related figures in JSON; no part names a unit, the {@link Unit} does.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name dotted path of lower-camel-case words, e.g. {@code recovery.budget.after}
 * @param unit what it measures
 * @param value the value in the unit's base form, or null when it does not apply
 */
public record Metric(String name, Unit unit, Object value) {

  /** What a metric name may look like. */
  public static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)*");

  public Metric {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("metric name must match " + NAME.pattern() + ", got '" + name + "'");
    }
    Objects.requireNonNull(unit, "unit");
    value = unit.require(name, value);
  }

  /** A count. */
  public static Metric count(String name, long value) {
    return new Metric(name, Unit.COUNT, value);
  }

  /** A duration or time in nanoseconds. */
  public static Metric nanos(String name, long value) {
    return new Metric(name, Unit.NANOSECONDS, value);
  }

  /** A fraction. */
  public static Metric ratio(String name, double value) {
    return new Metric(name, Unit.RATIO, value);
  }

  /** A size in bytes. */
  public static Metric bytes(String name, long value) {
    return new Metric(name, Unit.BYTES, value);
  }

  /** Yes or no. */
  public static Metric flag(String name, boolean value) {
    return new Metric(name, Unit.BOOLEAN, value);
  }

  /** A word. */
  public static Metric text(String name, String value) {
    return new Metric(name, Unit.TEXT, value);
  }

  /** The value for a person, as its unit formats it. */
  public String formatted() {
    return unit.format(value);
  }
}
