package dev.caplab.benchmarks;

import dev.caplab.replication.sharding.HotKeyExperiment;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * that gather all k shards. The simulated figures are reported as auxiliary counters: {@code
 * acceptedWritesPerSecond}, {@code partitionsHit}, {@code readP99Micros} and {@code
 * shardReadsPerRead}; they are deterministic (the same for every invocation), so their "error" is
 * zero. The primary score is the wall-clock cost of simulating one run, which grows with the
 * accepted writes and the read fan-out; compare it against {@code k=1} of the same run.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar HotKeySharding -f 1 -wi 1 -i 2 -w 1s -r 1s}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class HotKeySharding {

  /** Shards of the hot key. */
  @Param({"1", "4", "16", "64"})
  public int k;

  private HotKeyExperiment experiment;

  /** The simulated figures of the last run, as JMH auxiliary counters. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Figures {
    public double acceptedWritesPerSecond;
    public double partitionsHit;
    public double readP99Micros;
    public double shardReadsPerRead;
  }

  @Setup(Level.Trial)
  public void setUp() {
    experiment = new HotKeyExperiment(k, 100, 3_000, 20, Duration.ofSeconds(4), 64, 7);
  }

  @Benchmark
  public HotKeyExperiment.Result simulate(Figures figures) {
    HotKeyExperiment.Result r = experiment.run();
    figures.acceptedWritesPerSecond = r.acceptedWritesPerSecond();
    figures.partitionsHit = r.partitionsHit();
    figures.readP99Micros = r.readP99Nanos() / 1_000.0;
    figures.shardReadsPerRead = r.shardReadsPerLogicalRead();
    return r;
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
