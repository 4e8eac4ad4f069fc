package dev.caplab.benchmarks;

import dev.caplab.check.Linearizability;
import dev.caplab.check.LinearizabilityResult;
import dev.caplab.check.Model;
import dev.caplab.check.Models;
import dev.caplab.check.Verdict;
import dev.caplab.history.History;
import dev.caplab.history.HistoryFormat;
import dev.caplab.history.SequentialHistories;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The checker's size target, a few seconds at most: a linearizable 100,000-operation key-value
 * history over 1,000 keys and 10 processes ({@link SequentialHistories#kv}), checked
 * single-threaded. The history is built in
 * {@code @Setup}; the benchmark returns the result. {@code main} prints best-of-N wall times of
 * the check, and of parsing the same history from its JSON Lines text.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LargeKvCheck {

  static final int OPS = 100_000;
  static final int KEYS = 1_000;
  static final int PROCESSES = 10;
  static final long SEED = 42;

  private History history;
  private final Linearizability checker = Linearizability.ofDefaults();
  private final Model<Object> kv = Models.kv(null);

  @Setup
  public void build() {
    history = SequentialHistories.kv(OPS, KEYS, PROCESSES, SEED);
  }

  @Benchmark
  public LinearizabilityResult check100kOps1kKeys() {
    return checker.check(history, kv);
  }

  /** {@code java -cp benchmarks.jar dev.caplab.benchmarks.LargeKvCheck [rounds]}. */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    LargeKvCheck b = new LargeKvCheck();
    b.build();
    String text = HistoryFormat.toString(b.history);
    long bestCheck = Long.MAX_VALUE;
    long bestParse = Long.MAX_VALUE;
    Verdict verdict = null;
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      verdict = b.check100kOps1kKeys().valid();
      bestCheck = Math.min(bestCheck, System.nanoTime() - t0);
      t0 = System.nanoTime();
      HistoryFormat.parse(text);
      bestParse = Math.min(bestParse, System.nanoTime() - t0);
    }
    System.out.printf("%,d ops, %,d keys, %d processes: %s; check best-of-%d %.0f ms,"
        + " parse (%.1f MB of JSON Lines) %.0f ms%n", OPS, KEYS, PROCESSES, verdict, rounds,
        bestCheck / 1e6, text.length() / 1e6, bestParse / 1e6);
  }
}
