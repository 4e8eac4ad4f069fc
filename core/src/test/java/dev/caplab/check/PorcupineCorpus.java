package dev.caplab.check;

import dev.caplab.history.History;
import dev.caplab.history.HistoryFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Porcupine corpus, read from this module's test resources ({@code porcupine/}, whose
 * README.md says where it comes from). It is part of the repository, so a fresh clone checks it:
 * a missing file fails the test that asks for it instead of skipping it.
 */
final class PorcupineCorpus {

  /** Folder of the corpus on the test classpath. */
  static final String FOLDER = "/porcupine/";

  private PorcupineCorpus() {}

  /** One row of verdicts.tsv. */
  record Expected(String name, boolean linearizable, int ops) {}

  /** verdicts.tsv, in file order. */
  static Map<String, Expected> verdicts() {
    Map<String, Expected> out = new LinkedHashMap<>();
    try (BufferedReader in = open("verdicts.tsv")) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
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

  /** The names in verdicts.tsv that start with {@code prefix}, in file order. */
  static List<String> names(String prefix) {
    List<String> names = new ArrayList<>();
    for (String name : verdicts().keySet()) {
      if (name.startsWith(prefix)) {
        names.add(name);
      }
    }
    return names;
  }

  /** The history {@code name} ({@code name.jsonl}). */
  static History history(String name) throws IOException {
    try (BufferedReader in = open(name + ".jsonl")) {
      return HistoryFormat.read(in);
    }
  }

  private static BufferedReader open(String file) {
    InputStream in = PorcupineCorpus.class.getResourceAsStream(FOLDER + file);
    if (in == null) {
      throw new IllegalStateException("test resource " + FOLDER + file + " is not on the"
          + " classpath (it belongs in core/src/test/resources" + FOLDER + ")");
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }
}
