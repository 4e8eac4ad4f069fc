package dev.caplab.streaming.sketch;

import dev.caplab.config.Require;
import dev.caplab.streaming.window.AggregateFunction;
import java.util.function.BiConsumer;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;

/**
 * The number of distinct values in a window, estimated by an Apache DataSketches HyperLogLog
 * sketch ({@code HLL_4}, {@code 2^lgK} registers): memory stays a few KiB whatever the count, and
 * each result is a {@link DistinctEstimate} with bounds at the configured confidence.
 *
 * <p>Merging (session windows) is a DataSketches {@code Union} of the two sketches, the union's
 * registers being the maxima of theirs: the result estimates the distinct count of both windows'
 * contents together, a value seen in both counted once, with the same error guarantee. The
 * sketches hash values with DataSketches' fixed seed, so the same input gives the same estimate in
 * every run and JVM.
 *
 * <p>Thread-safe: the function is stateless; an accumulator is not thread-safe and belongs to the
 * one window (and thread) that updates it.
 *
 * @param <IN> the element type: {@link Long} or {@link String}
 */
public final class DistinctCount<IN> implements AggregateFunction<IN, DistinctCount.Sketch, DistinctEstimate> {

  private final DistinctCountConfig config;
  private final BiConsumer<HllSketch, IN> update;

  private DistinctCount(DistinctCountConfig config, BiConsumer<HllSketch, IN> update) {
    this.config = Require.notNull(config, "config");
    this.update = update;
  }

  /** Distinct {@code long} values. */
  public static DistinctCount<Long> longs(DistinctCountConfig config) {
    return new DistinctCount<>(config, (s, v) -> s.update(v.longValue()));
  }

  /** Distinct strings (by their UTF-8 bytes; the empty string is ignored, as DataSketches does). */
  public static DistinctCount<String> strings(DistinctCountConfig config) {
    return new DistinctCount<>(config, HllSketch::update);
  }

  /** The configuration. */
  public DistinctCountConfig config() {
    return config;
  }

  @Override
  public Sketch createAccumulator() {
    return new Sketch(new HllSketch(config.lgK(), TgtHllType.HLL_4));
  }

  @Override
  public Sketch add(IN value, Sketch accumulator) {
    update.accept(accumulator.hll, Require.notNull(value, "value"));
    return accumulator;
  }

  @Override
  public DistinctEstimate getResult(Sketch accumulator) {
    HllSketch s = accumulator.hll;
    int sd = config.confidenceStdDevs();
    return new DistinctEstimate(s.getEstimate(), s.getLowerBound(sd), s.getUpperBound(sd), sd, config.lgK());
  }

  /** Unions {@code b} into {@code a} and returns {@code a}; {@code b} is left as it was. */
  @Override
  public Sketch merge(Sketch a, Sketch b) {
    Union union = new Union(config.lgK());
    union.update(a.hll);
    union.update(b.hll);
    a.hll = union.getResult(TgtHllType.HLL_4);
    return a;
  }

  /**
   * A window's accumulator: one HyperLogLog sketch. Not thread-safe.
   */
  public static final class Sketch {
    private HllSketch hll;

    private Sketch(HllSketch hll) {
      this.hll = hll;
    }

    /** The sketch's size when serialized for update, in bytes: what a window holds per key. */
    public int bytes() {
      return hll.getUpdatableSerializationBytes();
    }
  }
}
