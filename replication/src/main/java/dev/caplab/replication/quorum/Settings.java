package dev.caplab.replication.quorum;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/** Shared parsing and validation of settings; messages name the setting, the value and the range. */
final class Settings {

  private Settings() {}

  /** Parses {@code text} as a constant of {@code type}, ignoring case and '-' versus '_'. */
  static <E extends Enum<E>> E parseEnum(Class<E> type, String setting, String text) {
    Objects.requireNonNull(text, setting);
    String wanted = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(wanted)) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown " + setting + " '" + text + "'; allowed values: "
        + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", ")));
  }

  static int requireAtLeast(String setting, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(setting + " must be >= " + min + ", got " + value);
    }
    return value;
  }

  static java.time.Duration requirePositive(String setting, java.time.Duration d) {
    Objects.requireNonNull(d, setting);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(setting + " must be > 0, got " + d);
    }
    return d;
  }
}
