package dev.caplab.benchmarks;

import dev.caplab.streaming.sketch.DistinctCount;
import dev.caplab.streaming.sketch.DistinctCountConfig;
import dev.caplab.streaming.sketch.DistinctEstimate;
import dev.caplab.streaming.sketch.PercentileSummary;
import dev.caplab.streaming.sketch.Percentiles;
import dev.caplab.streaming.sketch.PercentilesConfig;
import dev.caplab.streaming.window.LongAggregation;
import dev.caplab.streaming.window.WindowAssigner;
import dev.caplab.streaming.window.WindowConfig;
import dev.caplab.streaming.window.WindowedAggregator;
import java.time.Duration;
import java.util.HashMap;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Keyed window throughput of {@link WindowedAggregator}, one thread: {@value #EVENTS} events over
 * {@value #KEYS} keys, event time advancing {@value #EVENT_TIME_STEP_MICROS} µs an event on average
 * (so each key sees about 10 events per second of event time) with up to {@value #DISORDER_MS} ms of
 * disorder, and a bounded-out-of-orderness watermark ({@code max - disorder - 1}) every
 * {@value #WATERMARK_EVERY} events. Jobs: tumbling 10 s sum, sliding 10 s / 1 s sum (each event in
 * 10 windows), session sum with a 200 ms gap (about one event in seven closes a session). Every
 * invocation replays all events through a new aggregator and returns a checksum of its panes.
 *
 * <p>{@code hashMapReference} is the physical floor on the same events: a plain {@code
 * HashMap<String, long[]>} of per-key sums, no windows, no watermarks; each job's ratio to it says
 * what windowing costs. Run with {@code -prof gc} for allocation per event ({@code
 * gc.alloc.rate.norm} is per operation, which is per event here).
 *
 * <p>On a shared, loaded machine wall-clock scores mostly measure the other load; {@link #main}
 * times each job and the reference back to back in thread CPU time instead and prints the median
 * ratio and events per CPU-second: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.caplab.benchmarks.WindowThroughput 30}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class WindowThroughput {

  static final int KEYS = 1_000;
  static final int EVENTS = 1 << 20;
  static final int EVENT_TIME_STEP_MICROS = 100;
  static final int DISORDER_MS = 500;
  static final int WATERMARK_EVERY = 1_000;

  String[] keys;
  long[] values;
  long[] timestamps;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    String[] names = new String[KEYS];
    for (int k = 0; k < KEYS; k++) {
      names[k] = "key-" + k;
    }
    keys = new String[EVENTS];
    values = new long[EVENTS];
    timestamps = new long[EVENTS];
    for (int i = 0; i < EVENTS; i++) {
      keys[i] = names[random.nextInt(KEYS)];
      values[i] = random.nextInt(100);
      timestamps[i] = (long) i * EVENT_TIME_STEP_MICROS / 1000 - random.nextInt(DISORDER_MS + 1);
    }
  }

  /** Sums of pane values and counts, so no pane is dead code. */
  static final class Checksum {
    long sum;
  }

  private long run(WindowAssigner assigner) {
    Checksum checksum = new Checksum();
    WindowedAggregator<String, Long, Number> op = WindowedAggregator.<String>longs(LongAggregation.SUM)
        .config(WindowConfig.custom().assigner(assigner).build())
        .build(pane -> checksum.sum += pane.value().longValue() + pane.window().start());
    String[] k = keys;
    long[] v = values;
    long[] ts = timestamps;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < EVENTS; i++) {
      long t = ts[i];
      op.processLong(k[i], v[i], t);
      max = Math.max(max, t);
      if (i % WATERMARK_EVERY == WATERMARK_EVERY - 1) {
        op.advanceWatermark(max - DISORDER_MS - 1);
      }
    }
    op.advanceWatermark(Long.MAX_VALUE);
    return checksum.sum + op.lateElementsDropped();
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long tumblingSum() {
    return run(WindowAssigner.tumbling(Duration.ofSeconds(10)));
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long slidingSum() {
    return run(WindowAssigner.sliding(Duration.ofSeconds(10), Duration.ofSeconds(1)));
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long sessionSum() {
    return run(WindowAssigner.session(Duration.ofMillis(200)));
  }

  /** The physical reference: per-key sums in a HashMap over the same events. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long hashMapReference() {
    HashMap<String, long[]> sums = new HashMap<>();
    String[] k = keys;
    long[] v = values;
    for (int i = 0; i < EVENTS; i++) {
      long[] acc = sums.get(k[i]);
      if (acc == null) {
        acc = new long[1];
        sums.put(k[i], acc);
      }
      acc[0] += v[i];
    }
    long total = 0;
    for (long[] acc : sums.values()) {
      total += acc[0];
    }
    return total;
  }

  /**
   * Runs each of the tumbling, sliding and session jobs {@code args[0]} times (default 30), each
   * run followed by the reference, in thread CPU time, and prints per job the median over the last
   * two thirds of the runs (the first third warms up) of the ratio to the reference and of the
   * events per CPU-second.
   */
  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    WindowThroughput b = new WindowThroughput();
    b.setUp();
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    String[] jobs = {"tumbling", "sliding", "session"};
    for (String job : jobs) {
      double[] ratio = new double[runs];
      double[] perCpuSecond = new double[runs];
      long blackhole = 0;
      for (int r = 0; r < runs; r++) {
        long t0 = mx.getCurrentThreadCpuTime();
        blackhole += job.equals("tumbling") ? b.tumblingSum() : job.equals("sliding") ? b.slidingSum() : b.sessionSum();
        long t1 = mx.getCurrentThreadCpuTime();
        blackhole += b.hashMapReference();
        long t2 = mx.getCurrentThreadCpuTime();
        ratio[r] = (double) (t2 - t1) / (t1 - t0);
        perCpuSecond[r] = EVENTS * 1e9 / (t1 - t0);
      }
      System.out.printf(java.util.Locale.ROOT, "%s: %.3fx the reference, %.1f M events per CPU-second (checksum %d)%n",
          job, median(ratio, runs / 3), median(perCpuSecond, runs / 3) / 1e6, blackhole);
    }
  }

  private static double median(double[] values, int from) {
    double[] v = java.util.Arrays.copyOfRange(values, from, values.length);
    java.util.Arrays.sort(v);
    return v[v.length / 2];
  }

  /**
   * Distinct values per key in tumbling 10 s windows: a HyperLogLog sketch (lgK 12) per window, fed
   * through the user-aggregate path (values below 128 box to cached {@code Long}s, so no allocation
   * per element).
   */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long tumblingDistinct() {
    return runSketch(WindowedAggregator.<String, Long, DistinctEstimate>aggregate(
        DistinctCount.longs(DistinctCountConfig.ofDefaults())), DistinctEstimate::rounded);
  }

  /** p50, p90 and p99 per key in tumbling 10 s windows: an HdrHistogram (2 digits) per window. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long tumblingPercentiles() {
    return runSketch(WindowedAggregator.<String, Long, PercentileSummary>aggregate(
        new Percentiles(PercentilesConfig.ofDefaults())), s -> s.valueAt(0.99) + s.valueAt(0.5));
  }

  /** {@link #run}'s loop for a sketch aggregation in tumbling 10 s windows. */
  private <OUT> long runSketch(WindowedAggregator.Builder<String, Long, OUT> builder, ToLongFunction<OUT> digest) {
    Checksum checksum = new Checksum();
    WindowedAggregator<String, Long, OUT> op = builder
        .config(WindowConfig.custom().assigner(WindowAssigner.tumbling(Duration.ofSeconds(10))).build())
        .build(pane -> checksum.sum += digest.applyAsLong(pane.value()) + pane.window().start());
    String[] k = keys;
    long[] v = values;
    long[] ts = timestamps;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < EVENTS; i++) {
      long t = ts[i];
      op.processLong(k[i], v[i], t);
      max = Math.max(max, t);
      if (i % WATERMARK_EVERY == WATERMARK_EVERY - 1) {
        op.advanceWatermark(max - DISORDER_MS - 1);
      }
    }
    op.advanceWatermark(Long.MAX_VALUE);
    return checksum.sum + op.lateElementsDropped();
  }
}
