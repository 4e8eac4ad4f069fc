package dev.caplab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caplab.history.History;
import dev.caplab.history.HistoryFormat;
import java.io.IOException;
import java.nio.file.Path;
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

  static LinearizabilityResult check(Path dir, String name) throws IOException {
    History h = HistoryFormat.read(dir.resolve(name + ".jsonl"));
    return Linearizability.ofDefaults().check(h, modelFor(name));
  }

  @TestFactory
  Stream<DynamicTest> everyVerdictMatches() {
    Path dir = PorcupineCorpus.require();
    return PorcupineCorpus.verdicts(dir).values().stream().map(e -> DynamicTest.dynamicTest(
        e.name(), () -> {
          LinearizabilityResult r = check(dir, e.name());
          assertEquals(e.linearizable() ? Verdict.TRUE : Verdict.FALSE, r.valid(),
              () -> e.name() + ": " + r);
          assertEquals(e.ops(), r.ops(), e.name() + " ops");
        }));
  }

  @Test
  void corpusIsComplete() {
    Path dir = PorcupineCorpus.require();
    Map<String, PorcupineCorpus.Expected> v = PorcupineCorpus.verdicts(dir);
    assertEquals(102, PorcupineCorpus.names(dir, "etcd_").size());
    assertEquals(6, PorcupineCorpus.names(dir, "c").size());
    assertEquals(108, v.size());
  }

  /** Prints per-file times (not an assertion: timing belongs to the JMH suite). */
  @Test
  void printSlowest() throws IOException {
    Path dir = PorcupineCorpus.require();
    List<String> names = new ArrayList<>(PorcupineCorpus.verdicts(dir).keySet());
    for (int round = 0; round < 5; round++) {
      for (String n : names) {
        check(dir, n);
      }
    }
    List<long[]> times = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < names.size(); i++) {
      long t0 = System.nanoTime();
      check(dir, names.get(i));
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
