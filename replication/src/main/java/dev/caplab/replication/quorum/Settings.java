package dev.caplab.replication.quorum;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/** Shared parsing of settings; a message names the setting, the text and the allowed values. */
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
}
