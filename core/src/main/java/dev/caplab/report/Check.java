package dev.caplab.report;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named verdict of a run: whether a property held, what it means in one sentence, and the
 * figures that show why. A test asserts {@link #valid()}; a reader reads the sentence.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name lower-camel-case, e.g. {@code linearizable}
 * @param valid whether the property held
 * @param statement the property in plain words, e.g. "every acknowledged write survived"
 * @param evidence figures that back the verdict, in the order to show them
 */
public record Check(String name, boolean valid, String statement, List<Metric> evidence) {

  private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]*");

  public Check {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("check name must match " + NAME.pattern() + ", got '" + name + "'");
    }
    Objects.requireNonNull(statement, "statement");
    evidence = List.copyOf(evidence);
    for (Metric m : evidence) {
      if (m.name().equals("valid")) {
        throw new IllegalArgumentException("check " + name + ": evidence must not be named 'valid': that is the verdict");
      }
    }
  }

  /** A check with its evidence. */
  public static Check of(String name, boolean valid, String statement, Metric... evidence) {
    return new Check(name, valid, statement, List.of(evidence));
  }
}
