package dev.caplab.benchmarks;

import dev.caplab.check.Linearizability;
import dev.caplab.check.LinearizabilityResult;
import dev.caplab.check.Model;
import dev.caplab.check.Models;
import dev.caplab.check.Verdict;
import dev.caplab.history.History;
import dev.caplab.history.HistoryFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Linearizability checking of the Porcupine corpus, single-threaded, against Porcupine's own
 * times (Go: all 102 etcd histories about 0.55 s, c50-ok about 0.23 s).
 *
 * <p>The corpus is read in {@code @Setup} (parsing is not measured) from the folder given by
 * {@code -Dcaplab.corpus=DIR}, else from core's test resources, {@code
 * core/src/test/resources/porcupine} in the first ancestor of the working directory that has it
 * (so run from inside the repository). Each benchmark returns a count of valid histories so that
 * nothing is optimised away; {@code main} prints per-file times instead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LinearizabilityCheck {

  private List<History> etcd;
  private History c50ok;
  private History c50bad;
  private final Linearizability checker = Linearizability.ofDefaults();
  private final Model<Object> cas = Models.casRegister();
  private final Model<Object> kv = Models.kv("");

  /** Where the corpus lies in the repository. */
  static final Path CORPUS_IN_REPOSITORY = Path.of("core", "src", "test", "resources", "porcupine");

  static Path corpus() {
    String configured = System.getProperty("caplab.corpus");
    if (configured != null) {
      return Path.of(configured);
    }
    Path start = Path.of("").toAbsolutePath();
    for (Path d = start; d != null; d = d.getParent()) {
      Path p = d.resolve(CORPUS_IN_REPOSITORY);
      if (Files.isRegularFile(p.resolve("verdicts.tsv"))) {
        return p;
      }
    }
    throw new IllegalStateException("Porcupine corpus not found: no " + CORPUS_IN_REPOSITORY
        + " in " + start + " or above; run inside the caplab repository or pass"
        + " -Dcaplab.corpus=DIR");
  }

  static List<Path> etcdFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().matches("etcd_\\d+\\.jsonl"))
          .sorted().toList();
    }
  }

  @Setup
  public void load() throws IOException {
    Path dir = corpus();
    etcd = new ArrayList<>();
    for (Path p : etcdFiles(dir)) {
      etcd.add(HistoryFormat.read(p));
    }
    c50ok = HistoryFormat.read(dir.resolve("c50-ok.jsonl"));
    c50bad = HistoryFormat.read(dir.resolve("c50-bad.jsonl"));
  }

  /** All etcd histories, one after the other; returns how many are linearizable. */
  @Benchmark
  public int etcdCorpus() {
    int valid = 0;
    for (History h : etcd) {
      valid += checker.check(h, cas).valid() == Verdict.TRUE ? 1 : 0;
    }
    return valid;
  }

  @Benchmark
  public LinearizabilityResult kvC50Ok() {
    return checker.check(c50ok, kv);
  }

  @Benchmark
  public LinearizabilityResult kvC50Bad() {
    return checker.check(c50bad, kv);
  }

  /** Prints warm per-file times, slowest first: {@code java -cp benchmarks.jar ... [rounds]}. */
  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Path dir = corpus();
    List<Path> files = new ArrayList<>(etcdFiles(dir));
    for (String n : List.of("c01-ok", "c01-bad", "c10-ok", "c10-bad", "c50-ok", "c50-bad")) {
      files.add(dir.resolve(n + ".jsonl"));
    }
    Linearizability checker = Linearizability.ofDefaults();
    List<History> histories = new ArrayList<>();
    for (Path p : files) {
      histories.add(HistoryFormat.read(p));
    }
    long[] best = new long[files.size()];
    java.util.Arrays.fill(best, Long.MAX_VALUE);
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < files.size(); i++) {
        Model<Object> m = files.get(i).getFileName().toString().startsWith("etcd")
            ? Models.casRegister() : Models.kv("");
        long t0 = System.nanoTime();
        checker.check(histories.get(i), m);
        best[i] = Math.min(best[i], System.nanoTime() - t0);
      }
    }
    long etcdTotal = 0;
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      order.add(i);
      if (files.get(i).getFileName().toString().startsWith("etcd")) {
        etcdTotal += best[i];
      }
    }
    order.sort((a, b) -> Long.compare(best[b], best[a]));
    System.out.printf("etcd corpus, sum of best-of-%d per file: %.1f ms%n", rounds, etcdTotal / 1e6);
    for (int i : order) {
      System.out.printf("%-16s %8.2f ms%n", files.get(i).getFileName(), best[i] / 1e6);
    }
  }
}
