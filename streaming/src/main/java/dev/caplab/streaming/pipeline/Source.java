package dev.caplab.streaming.pipeline;

import dev.caplab.config.Require;
import dev.caplab.messaging.log.LogRecord;
import dev.caplab.messaging.log.PartitionedLog;
import dev.caplab.streaming.pipeline.internal.GeneratorReader;
import dev.caplab.streaming.pipeline.internal.ListReader;
import dev.caplab.streaming.pipeline.internal.LogReader;
import dev.caplab.streaming.pipeline.internal.SourceReader;
import dev.caplab.streaming.watermark.BoundedOutOfOrdernessWatermarks;
import dev.caplab.streaming.watermark.WatermarkGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * Where a pipeline's records come from: a range of a {@link PartitionedLog}'s partitions from given
 * offsets ({@link #fromLog}), a list ({@link #fromList}), or a generator at a rate on the pipeline's
 * ticker ({@link #generator}). A source is a description: every pipeline built from it gets a fresh
 * reader, positioned at the start, or at a checkpoint's offsets on restore.
 *
 * <p>Event time: a log record's append time (ms of the log's ticker) unless {@link #withTimestamps}
 * says otherwise; for lists and generators the pipeline ticker's time when read (Flink's ingestion
 * time), which a replay does not reproduce, so give timestamps for exactly-once windows. Watermarks
 * come from a {@link WatermarkGenerator} per pipeline, by default {@link
 * BoundedOutOfOrdernessWatermarks} with zero out-of-orderness (Flink's {@code
 * forMonotonousTimestamps}). Priority (for {@link BufferMode#SHED}) is 0 unless {@link
 * #withPriority} says otherwise.
 *
 * <p>Immutable; each {@code with*} returns a new source. Thread-safe if the functions it holds are.
 *
 * @param <T> the record type
 */
public final class Source<T> {

  /** Most records a generator may make per second. */
  static final long MAX_RATE_PER_SECOND = 1_000_000_000L;

  private final String name;
  private final Supplier<SourceReader> readers;
  private final ToLongFunction<? super T> timestampOf;
  private final ToIntFunction<? super T> priorityOf;
  private final Supplier<? extends WatermarkGenerator<? super T>> watermarks;

  private Source(String name, Supplier<SourceReader> readers, ToLongFunction<? super T> timestampOf,
      ToIntFunction<? super T> priorityOf, Supplier<? extends WatermarkGenerator<? super T>> watermarks) {
    this.name = name;
    this.readers = readers;
    this.timestampOf = timestampOf;
    this.priorityOf = priorityOf;
    this.watermarks = watermarks;
  }

  private static <T> Source<T> of(String name, Supplier<SourceReader> readers, ToLongFunction<? super T> ts) {
    return new Source<>(name, readers, ts, v -> 0, () -> new BoundedOutOfOrdernessWatermarks<>(Duration.ZERO));
  }

  /**
   * Partitions {@code firstPartition} to {@code lastPartition} (inclusive) of {@code topic}, each
   * from {@code startOffset} (Flink's {@code OffsetsInitializer.offsets}).
   *
   * @throws IllegalArgumentException for an unknown topic, a partition out of range, or a negative
   *     offset (a read then past the log end offset fails with the log's {@code
   *     OffsetOutOfRangeException})
   */
  public static <K, V> Source<LogRecord<K, V>> fromLog(PartitionedLog<K, V> log, String topic,
      int firstPartition, int lastPartition, long startOffset) {
    Require.notNull(log, "log");
    int partitions = log.partitions(topic);
    Require.between("firstPartition", firstPartition, 0, partitions - 1);
    Require.between("lastPartition", lastPartition, firstPartition, partitions - 1);
    long[] offsets = new long[lastPartition - firstPartition + 1];
    Arrays.fill(offsets, Require.atLeast("startOffset", startOffset, 0L));
    return fromLog(log, topic, firstPartition, offsets);
  }

  /**
   * Partitions {@code firstPartition ..} of {@code topic}, one per offset: partition {@code
   * firstPartition + i} from {@code offsets[i]}.
   *
   * @throws IllegalArgumentException for an unknown topic, partitions out of range, or a negative
   *     offset
   */
  public static <K, V> Source<LogRecord<K, V>> fromLog(PartitionedLog<K, V> log, String topic,
      int firstPartition, long... offsets) {
    Require.notNull(log, "log");
    Require.notNull(offsets, "offsets");
    int partitions = log.partitions(topic);
    Require.requireArgument(offsets.length >= 1, "offsets must name at least one partition, got none");
    Require.between("firstPartition", firstPartition, 0, partitions - offsets.length);
    for (int i = 0; i < offsets.length; i++) {
      Require.atLeast("offsets[" + i + "]", offsets[i], 0L);
    }
    long[] start = offsets.clone();
    return of("log " + topic + "-" + firstPartition + ".." + (firstPartition + offsets.length - 1),
        () -> new LogReader<>(log, topic, firstPartition, start), r -> r.timestamp() / 1_000_000L);
  }

  /** The values of {@code values} in order (copied); a bounded source. */
  public static <T> Source<T> fromList(List<? extends T> values) {
    List<T> copy = List.copyOf(Require.notNull(values, "values"));
    return of("list of " + copy.size(), () -> new ListReader(copy), null);
  }

  /**
   * {@code count} records, record {@code n} made by {@code record} and due {@code n /
   * ratePerSecond} seconds after the pipeline first polls it: a steady producer on the pipeline's
   * ticker. A bounded source.
   */
  public static <T> Source<T> generator(long ratePerSecond, long count, LongFunction<? extends T> record) {
    Require.between("ratePerSecond", ratePerSecond, 1L, MAX_RATE_PER_SECOND);
    Require.atLeast("count", count, 0L);
    Require.notNull(record, "record");
    return of("generator " + ratePerSecond + "/s", () -> new GeneratorReader(ratePerSecond, count, record), null);
  }

  /** This source with event times from {@code timestampOf} (ms). */
  public Source<T> withTimestamps(ToLongFunction<? super T> timestampOf) {
    return new Source<>(name, readers, Require.notNull(timestampOf, "timestampOf"), priorityOf, watermarks);
  }

  /** This source with a fresh watermark generator from {@code watermarks} for every pipeline. */
  public Source<T> withWatermarks(Supplier<? extends WatermarkGenerator<? super T>> watermarks) {
    return new Source<>(name, readers, timestampOf, priorityOf, Require.notNull(watermarks, "watermarks"));
  }

  /** This source with shedding priorities from {@code priorityOf} (higher is kept longer). */
  public Source<T> withPriority(ToIntFunction<? super T> priorityOf) {
    return new Source<>(name, readers, timestampOf, Require.notNull(priorityOf, "priorityOf"), watermarks);
  }

  /** What the source reads, for messages. */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "Source{" + name + "}";
  }

  SourceReader newReader() {
    return readers.get();
  }

  ToLongFunction<? super T> timestampOf() {
    return timestampOf;
  }

  ToIntFunction<? super T> priorityOf() {
    return priorityOf;
  }

  WatermarkGenerator<? super T> newWatermarks() {
    return Require.notNull(watermarks.get(), "the watermark generator supplied");
  }

  static <T> List<Source<T>> copyOf(List<Source<T>> sources) {
    Require.notNull(sources, "sources");
    Require.requireArgument(!sources.isEmpty(), "sources must hold at least one source, got none");
    List<Source<T>> copy = new ArrayList<>(sources.size());
    for (int i = 0; i < sources.size(); i++) {
      copy.add(Require.notNull(sources.get(i), "sources[" + i + "]"));
    }
    return List.copyOf(copy);
  }
}
