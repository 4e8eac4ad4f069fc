package dev.caplab.messaging.log;

import dev.caplab.config.Require;
import dev.caplab.time.Durations;
import java.time.Duration;

/**
 * The immutable settings of one topic of a {@link PartitionedLog}, with Kafka's names where Kafka
 * has the setting: the number of partitions, the size of a segment (the unit retention deletes),
 * and retention by size ({@code retention.bytes}) and by time ({@code retention.ms}). Build one
 * with {@link #custom()}, start from another with {@link #from(TopicConfig)}, or take {@link
 * #ofDefaults()}.
 *
 * <p>Defaults (each one {@code DEFAULT_*} constant): 1 partition; segments of 1024 records (Kafka
 * rolls segments by bytes, 1 GiB by default; a record count keeps a segment's arrays of fixed
 * length); retention by size unlimited (Kafka's {@code retention.bytes=-1}); retention by time 7
 * days (Kafka's {@code retention.ms} default). A retention time longer than a {@code long} of
 * nanoseconds (about 292 years) means forever.
 *
 * <p>Thread-safe: immutable.
 */
public final class TopicConfig {

  /** Default number of partitions (Kafka's {@code num.partitions}). */
  public static final int DEFAULT_PARTITIONS = 1;
  /** Default number of records in a segment before the next one starts. */
  public static final int DEFAULT_SEGMENT_RECORDS = 1024;
  /** Default retention by size: unlimited. */
  public static final long DEFAULT_RETENTION_BYTES = Long.MAX_VALUE;
  /** Default retention by time: 7 days, Kafka's {@code retention.ms} default. */
  public static final Duration DEFAULT_RETENTION_TIME = Duration.ofDays(7);

  /** Fewest partitions a topic may have. */
  public static final int MIN_PARTITIONS = 1;
  /** Most partitions a topic may have. */
  public static final int MAX_PARTITIONS = 10_000;
  /** Smallest segment, in records. */
  public static final int MIN_SEGMENT_RECORDS = 1;
  /** Largest segment, in records. */
  public static final int MAX_SEGMENT_RECORDS = 1 << 20;
  /** Smallest retention by size, in bytes. */
  public static final long MIN_RETENTION_BYTES = 1;
  /** Shortest retention by time. */
  public static final Duration MIN_RETENTION_TIME = Duration.ofNanos(1);

  private final int partitions;
  private final int segmentRecords;
  private final long retentionBytes;
  private final long retentionNanos;

  private TopicConfig(Builder b) {
    this.partitions = b.partitions;
    this.segmentRecords = b.segmentRecords;
    this.retentionBytes = b.retentionBytes;
    this.retentionNanos = b.retentionNanos;
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from {@code base}'s settings. */
  public static Builder from(TopicConfig base) {
    return new Builder(Require.notNull(base, "base"));
  }

  /** The default configuration. */
  public static TopicConfig ofDefaults() {
    return Defaults.CONFIG;
  }

  /** The defaults with {@code partitions} partitions. */
  public static TopicConfig ofPartitions(int partitions) {
    return custom().partitions(partitions).build();
  }

  /** Number of partitions. */
  public int partitions() {
    return partitions;
  }

  /** Records in a segment; retention deletes whole segments. */
  public int segmentRecords() {
    return segmentRecords;
  }

  /** Largest size a partition keeps, as its {@link RecordSizer} counts; {@link Long#MAX_VALUE}: unlimited. */
  public long retentionBytes() {
    return retentionBytes;
  }

  /** How long a segment is kept after its newest record; {@link Long#MAX_VALUE}: forever. */
  public long retentionNanos() {
    return retentionNanos;
  }

  /** {@link #retentionNanos()} as a duration. */
  public Duration retentionTime() {
    return Duration.ofNanos(retentionNanos);
  }

  @Override
  public String toString() {
    return "TopicConfig[partitions=" + partitions + ", segmentRecords=" + segmentRecords
        + ", retentionBytes=" + (retentionBytes == Long.MAX_VALUE ? "unlimited" : retentionBytes)
        + ", retentionTime=" + (retentionNanos == Long.MAX_VALUE ? "forever" : Durations.exact(retentionNanos))
        + "]";
  }

  /** Holder so that {@link #ofDefaults()} builds the defaults once, after the constants exist. */
  private static final class Defaults {
    static final TopicConfig CONFIG = new Builder().build();
  }

  /**
   * Collects settings for a {@link TopicConfig}; each setter checks its value at once and names
   * the setting, the value and the allowed range when it refuses one.
   *
   * <p>Not thread-safe: build on one thread.
   */
  public static final class Builder {
    private int partitions = DEFAULT_PARTITIONS;
    private int segmentRecords = DEFAULT_SEGMENT_RECORDS;
    private long retentionBytes = DEFAULT_RETENTION_BYTES;
    private long retentionNanos = DEFAULT_RETENTION_TIME.toNanos();

    private Builder() {}

    private Builder(TopicConfig base) {
      this.partitions = base.partitions;
      this.segmentRecords = base.segmentRecords;
      this.retentionBytes = base.retentionBytes;
      this.retentionNanos = base.retentionNanos;
    }

    /** Number of partitions, between {@value #MIN_PARTITIONS} and {@value #MAX_PARTITIONS}. */
    public Builder partitions(int partitions) {
      this.partitions = Require.between("partitions", partitions, MIN_PARTITIONS, MAX_PARTITIONS);
      return this;
    }

    /** Records per segment, between {@value #MIN_SEGMENT_RECORDS} and {@value #MAX_SEGMENT_RECORDS}. */
    public Builder segmentRecords(int segmentRecords) {
      this.segmentRecords =
          Require.between("segmentRecords", segmentRecords, MIN_SEGMENT_RECORDS, MAX_SEGMENT_RECORDS);
      return this;
    }

    /** Retention by size, at least {@value #MIN_RETENTION_BYTES}; {@link Long#MAX_VALUE} for unlimited. */
    public Builder retentionBytes(long retentionBytes) {
      this.retentionBytes = Require.atLeast("retentionBytes", retentionBytes, MIN_RETENTION_BYTES);
      return this;
    }

    /** Retention by time, at least 1 ns; longer than about 292 years means forever. */
    public Builder retentionTime(Duration retentionTime) {
      this.retentionNanos =
          Durations.saturatedNanos(Require.atLeast("retentionTime", retentionTime, MIN_RETENTION_TIME));
      return this;
    }

    /** The configuration. */
    public TopicConfig build() {
      return new TopicConfig(this);
    }
  }
}
