package dev.caplab.benchmarks;

import dev.caplab.replication.sharding.HotKeyExperiment;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Write sharding of one hot key under partition throttling ({@link HotKeyExperiment}): for each k,
 * one invocation simulates 4 s of a 3-node store whose partitions admit 100 writes a second
 * (3 x 64 partitions), offered 3,000 writes a second to the hot key and 20 logical reads a second
 * that gather all k shards. The score is the wall-clock cost of simulating one run, which grows
 * with the accepted writes and the read fan-out; compare it against {@code k=1} of the same run.
 *
 * <p>The simulated figures (accepted writes a second, partitions hit, read p50 and p99, shard
 * reads per logical read) are deterministic, the same in every invocation, so they are not JMH
 * scores (auxiliary counters would be summed over iterations): {@link #main} prints them as a
 * table, the table docs/hot-keys.md quotes and a test compares.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar HotKeySharding -f 1 -wi 1 -i 3 -w 2s -r 2s};
 * the table: {@code java -cp benchmarks/target/benchmarks.jar dev.caplab.benchmarks.HotKeySharding}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class HotKeySharding {

  /** Shards of the hot key. */
  @Param({"1", "4", "16", "64"})
  public int k;

  private HotKeyExperiment experiment;

  @Setup(Level.Trial)
  public void setUp() {
    experiment = new HotKeyExperiment(k, 100, 3_000, 20, Duration.ofSeconds(4), 64, 7);
  }

  @Benchmark
  public HotKeyExperiment.Result simulate() {
    return experiment.run();
  }

  /** Prints the simulated figures as a table without JMH: {@code java -cp benchmarks.jar dev.caplab.benchmarks.HotKeySharding}. */
  public static void main(String[] args) {
    System.out.println("| k | partitions hit | offered writes/s | accepted writes/s | throttled writes | shard reads per read | read p50 (ms) | read p99 (ms) |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (int k : new int[] {1, 4, 16, 64}) {
      HotKeyExperiment.Result r = new HotKeyExperiment(k, 100, 3_000, 20, Duration.ofSeconds(4), 64, 7).run();
      System.out.printf("| %d | %d | %.0f | %.0f | %d | %d | %.2f | %.2f |%n", k, r.partitionsHit(),
          r.offeredWritesPerSecond(), r.acceptedWritesPerSecond(), r.throttledWrites(), r.shardReadsPerLogicalRead(),
          r.readP50Nanos() / 1e6, r.readP99Nanos() / 1e6);
    }
  }
}
