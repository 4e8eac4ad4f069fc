package dev.caplab.check;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Locates the shared Porcupine corpus (never copied into the repository): the system property
 * {@code caplab.corpus} if set, else {@code shared/corpus/porcupine} next to the first ancestor of
 * the working directory that has one ({@code <repo>/../shared} when surefire runs in {@code
 * core/}).
 */
final class PorcupineCorpus {

  static final String PROPERTY = "caplab.corpus";

  private PorcupineCorpus() {}

  /** The corpus folder, or {@code null} if absent. */
  static Path locate() {
    String configured = System.getProperty(PROPERTY);
    if (configured != null) {
      Path p = Path.of(configured);
      return Files.isDirectory(p) ? p : null;
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path p = d.resolve("shared").resolve("corpus").resolve("porcupine");
      if (Files.isRegularFile(p.resolve("verdicts.tsv"))) {
        return p;
      }
    }
    return null;
  }

  /** The corpus folder; skips the calling test with a clear message if it is absent. */
  static Path require() {
    Path p = locate();
    assumeTrue(p != null, () -> "Porcupine corpus not found: set -D" + PROPERTY + "=DIR or put it"
        + " at <repo>/../shared/corpus/porcupine (searched upwards from "
        + Path.of("").toAbsolutePath() + ")");
    return p;
  }

  /** One row of verdicts.tsv. */
  record Expected(String name, boolean linearizable, int ops) {}

  /** verdicts.tsv, in file order. */
  static Map<String, Expected> verdicts(Path dir) {
    Map<String, Expected> out = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(dir.resolve("verdicts.tsv"))) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split("\t");
        out.put(f[0], new Expected(f[0], Boolean.parseBoolean(f[1]), Integer.parseInt(f[2])));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static List<String> names(Path dir, String prefix) {
    List<String> names = new ArrayList<>();
    for (String name : verdicts(dir).keySet()) {
      if (name.startsWith(prefix)) {
        names.add(name);
      }
    }
    return names;
  }
}
