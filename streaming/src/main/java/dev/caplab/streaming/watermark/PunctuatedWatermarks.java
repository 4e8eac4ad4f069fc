package dev.caplab.streaming.watermark;

import dev.caplab.config.Require;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * A punctuated generator: some elements carry a watermark (a marker in the stream, as in Flink's
 * punctuated example), and it is emitted as soon as such an element is seen; nothing is emitted
 * periodically.
 *
 * <p>Not thread-safe (stateless, but its functions may not be).
 *
 * @param <T> the element type
 */
public final class PunctuatedWatermarks<T> implements WatermarkGenerator<T> {

  private final Predicate<? super T> isMarker;
  private final ToLongFunction<? super T> watermarkOf;

  /** Emits {@code watermarkOf(e)} for each element {@code e} that {@code isMarker} accepts. */
  public PunctuatedWatermarks(Predicate<? super T> isMarker, ToLongFunction<? super T> watermarkOf) {
    this.isMarker = Require.notNull(isMarker, "isMarker");
    this.watermarkOf = Require.notNull(watermarkOf, "watermarkOf");
  }

  @Override
  public void onEvent(T event, long timestamp, WatermarkOutput output) {
    if (isMarker.test(event)) {
      output.emitWatermark(watermarkOf.applyAsLong(event));
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    // punctuated: watermarks come with the elements only
  }
}
