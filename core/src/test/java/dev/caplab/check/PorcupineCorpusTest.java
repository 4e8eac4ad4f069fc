package dev.caplab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every verdict of the Porcupine corpus (102 Jepsen etcd histories on a CAS register, six
 * key-value histories with string append) must match Porcupine's own: the evidence that the
 * search, the info/fail rules and the tie rule are right on real histories.
 */
class PorcupineCorpusTest {

  static Model<Object> modelFor(String name) {
    return name.startsWith("etcd_") ? Models.casRegister() : Models.kv("");
  }

  static LinearizabilityResult check(String name) throws IOException {
    return Linearizability.ofDefaults().check(PorcupineCorpus.history(name), modelFor(name));
  }

  @TestFactory
  Stream<DynamicTest> everyVerdictMatches() {
    return PorcupineCorpus.verdicts().values().stream().map(e -> DynamicTest.dynamicTest(
        e.name(), () -> {
          LinearizabilityResult r = check(e.name());
          assertEquals(e.linearizable() ? Verdict.TRUE : Verdict.FALSE, r.valid(),
              () -> e.name() + ": " + r);
          assertEquals(e.ops(), r.ops(), e.name() + " ops");
        }));
  }

  @Test
  void corpusIsComplete() {
    Map<String, PorcupineCorpus.Expected> v = PorcupineCorpus.verdicts();
    assertEquals(102, PorcupineCorpus.names("etcd_").size());
    assertEquals(6, PorcupineCorpus.names("c").size());
    assertEquals(108, v.size());
  }

  /** The MIT licence travels with the histories, as it requires. */
  @Test
  void licenceIsNextToTheHistories() throws IOException {
    try (InputStream in = PorcupineCorpusTest.class.getResourceAsStream(
        PorcupineCorpus.FOLDER + "LICENSE-porcupine.md")) {
      assertNotNull(in, "LICENSE-porcupine.md next to the corpus");
      String licence = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(licence.contains("The MIT License") && licence.contains("Anish Athalye"), licence);
    }
  }

  /** Prints per-file times (not an assertion: timing belongs to the JMH suite). */
  @Test
  void printSlowest() throws IOException {
    List<String> names = new ArrayList<>(PorcupineCorpus.verdicts().keySet());
    for (int round = 0; round < 5; round++) {
      for (String n : names) {
        check(n);
      }
    }
    List<long[]> times = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < names.size(); i++) {
      long t0 = System.nanoTime();
      check(names.get(i));
      long dt = System.nanoTime() - t0;
      times.add(new long[] {dt, i});
      if (names.get(i).startsWith("etcd_")) {
        total += dt;
      }
    }
    times.sort((a, b) -> Long.compare(b[0], a[0]));
    System.out.printf("etcd total %.1f ms%n", total / 1e6);
    for (int i = 0; i < 8; i++) {
      System.out.printf("  %s %.2f ms%n", names.get((int) times.get(i)[1]), times.get(i)[0] / 1e6);
    }
  }
}
