package dev.caplab.streaming.pipeline;

import dev.caplab.config.Require;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.Optional;

/**
 * The immutable settings of a {@link Pipeline}. Build one with {@link #custom()}, start from another
 * with {@link #from(PipelineConfig)}, or take {@link #ofDefaults()}.
 *
 * <p>Defaults (each one {@code DEFAULT_*} constant):
 *
 * <ul>
 *   <li>{@code bufferCapacity} 32 records per buffer between two tasks (Flink's default is 2
 *       exclusive buffers per channel plus 8 floating ones, each holding many records);
 *   <li>{@code bufferMode} {@link BufferMode#BACKPRESSURE};
 *   <li>{@code roundInterval} 1 ms: how often {@link Pipeline#start()} runs a round on the scheduler;
 *   <li>{@code maxPollRecords} 500 records a source reads per round at most (Kafka's {@code
 *       max.poll.records});
 *   <li>{@code checkpointInterval} none: checkpoints only when {@link Pipeline#triggerCheckpoint()}
 *       is called (Flink's checkpointing is off until enabled too).
 * </ul>
 *
 * <p>Bad values fail fast with an {@link IllegalArgumentException} naming the setting, the value
 * and the allowed range. Immutable and thread-safe.
 */
public final class PipelineConfig {

  /** Default records per buffer. */
  public static final int DEFAULT_BUFFER_CAPACITY = 32;
  /** Default buffer mode. */
  public static final BufferMode DEFAULT_BUFFER_MODE = BufferMode.BACKPRESSURE;
  /** Default time between two rounds run by the scheduler. */
  public static final Duration DEFAULT_ROUND_INTERVAL = Duration.ofMillis(1);
  /** Default most records a source reads in one round. */
  public static final int DEFAULT_MAX_POLL_RECORDS = 500;

  /** Smallest buffer capacity and max poll records. */
  static final int MIN_COUNT = 1;

  private static final PipelineConfig DEFAULTS = custom().build();

  private final int bufferCapacity;
  private final BufferMode bufferMode;
  private final Duration roundInterval;
  private final int maxPollRecords;
  private final Duration checkpointInterval;

  private PipelineConfig(Builder b) {
    this.bufferCapacity = b.bufferCapacity;
    this.bufferMode = b.bufferMode;
    this.roundInterval = b.roundInterval;
    this.maxPollRecords = b.maxPollRecords;
    this.checkpointInterval = b.checkpointInterval;
  }

  /** A builder with every default. */
  public static Builder custom() {
    return new Builder();
  }

  /** A builder holding {@code base}'s settings. */
  public static Builder from(PipelineConfig base) {
    Require.notNull(base, "base");
    Builder b = new Builder();
    b.bufferCapacity = base.bufferCapacity;
    b.bufferMode = base.bufferMode;
    b.roundInterval = base.roundInterval;
    b.maxPollRecords = base.maxPollRecords;
    b.checkpointInterval = base.checkpointInterval;
    return b;
  }

  /** The defaults. */
  public static PipelineConfig ofDefaults() {
    return DEFAULTS;
  }

  /** Records each buffer between two tasks holds (in {@link BufferMode#UNBOUNDED}, the credit it starts with is ignored). */
  public int bufferCapacity() {
    return bufferCapacity;
  }

  /** What a full buffer does. */
  public BufferMode bufferMode() {
    return bufferMode;
  }

  /** Time between two rounds run by {@link Pipeline#start()}. */
  public Duration roundInterval() {
    return roundInterval;
  }

  /** Most records one source reads in one round. */
  public int maxPollRecords() {
    return maxPollRecords;
  }

  /** The time between two periodic checkpoints, if periodic checkpoints are on. */
  public Optional<Duration> checkpointInterval() {
    return Optional.ofNullable(checkpointInterval);
  }

  @Override
  public String toString() {
    return "PipelineConfig{bufferCapacity=" + bufferCapacity + ", bufferMode=" + bufferMode
        + ", roundInterval=" + Durations.exact(roundInterval) + ", maxPollRecords=" + maxPollRecords
        + ", checkpointInterval=" + (checkpointInterval == null ? "none" : Durations.exact(checkpointInterval)) + "}";
  }

  /** Builds a {@link PipelineConfig}. Not thread-safe. */
  public static final class Builder {
    private int bufferCapacity = DEFAULT_BUFFER_CAPACITY;
    private BufferMode bufferMode = DEFAULT_BUFFER_MODE;
    private Duration roundInterval = DEFAULT_ROUND_INTERVAL;
    private int maxPollRecords = DEFAULT_MAX_POLL_RECORDS;
    private Duration checkpointInterval;

    private Builder() {}

    /** Records per buffer, at least 1. */
    public Builder bufferCapacity(int bufferCapacity) {
      this.bufferCapacity = Require.atLeast("bufferCapacity", bufferCapacity, MIN_COUNT);
      return this;
    }

    /** What a full buffer does. */
    public Builder bufferMode(BufferMode bufferMode) {
      this.bufferMode = Require.notNull(bufferMode, "bufferMode");
      return this;
    }

    /** Time between two rounds run by the scheduler, above zero. */
    public Builder roundInterval(Duration roundInterval) {
      this.roundInterval = Require.positive("roundInterval", roundInterval);
      return this;
    }

    /** Most records a source reads per round, at least 1. */
    public Builder maxPollRecords(int maxPollRecords) {
      this.maxPollRecords = Require.atLeast("maxPollRecords", maxPollRecords, MIN_COUNT);
      return this;
    }

    /** Turns periodic checkpoints on, one every {@code checkpointInterval} (above zero) of the ticker's time. */
    public Builder checkpointInterval(Duration checkpointInterval) {
      this.checkpointInterval = Require.positive("checkpointInterval", checkpointInterval);
      return this;
    }

    /** The configuration. */
    public PipelineConfig build() {
      return new PipelineConfig(this);
    }
  }
}
