package dev.caplab.replication.quorum;

import dev.caplab.capacity.TokenBucketConfig;
import dev.caplab.config.Require;
import dev.caplab.time.Durations;
import java.time.Duration;

/**
 * The throughput limit of each partition of a quorum store, DynamoDB style: a partition's primary
 * replica (the first of its preference list, its admission point) admits at most {@link
 * #writeUnitsPerSecond()} writes and {@link #readUnitsPerSecond()} reads a second, saves unused
 * capacity for up to {@link #burstWindow()} (DynamoDB keeps 300 seconds), and refuses what exceeds it with a retriable {@link Throttled} answer. A partition
 * is a key range of the ring: the range between a virtual-node token and the one before it,
 * narrowed by splits for heat ({@link #splitForHeat()}).
 *
 * <p>Off by default ({@link #unlimited()}): a store without limits behaves exactly as before.
 * {@link #limited()} turns limits on with DynamoDB's figures (1,000 write units and 3,000 read
 * units per partition, 300 s of burst); {@link #custom()} and {@link #from(PartitionCapacity)}
 * adjust them. A request costs DynamoDB's capacity units for its item's size ({@code
 * ItemSize}): a write one write unit per KB, a strongly consistent read one read unit per 4 KB, an
 * eventually consistent read half of that.
 *
 * <p>Defaults (each a {@code DEFAULT_*} constant): write 1,000/s, read 3,000/s, burst window
 * 300 s, initial credit 1 s of the rate, split for heat on above 50 % of the write or read limit
 * sustained for 60 s, carried out 30 s later. DynamoDB publishes neither its heat threshold nor
 * its delays; these are caplab's.
 *
 * <p>Immutable and thread-safe.
 */
public final class PartitionCapacity {

  /** Write units a partition admits per second (DynamoDB: 1,000 WCU). */
  public static final long DEFAULT_WRITE_UNITS_PER_SECOND = 1_000;
  /** Read units a partition admits per second (DynamoDB: 3,000 RCU). */
  public static final long DEFAULT_READ_UNITS_PER_SECOND = 3_000;
  /** How long unused capacity is saved (DynamoDB: up to 300 s). */
  public static final Duration DEFAULT_BURST_WINDOW = Duration.ofSeconds(300);
  /** How much capacity a partition holds when a node first serves it, as time at its rate. */
  public static final Duration DEFAULT_INITIAL_CREDIT = Duration.ofSeconds(1);
  /** Default: hot partitions split. */
  public static final boolean DEFAULT_SPLIT_FOR_HEAT = true;
  /** Default heat threshold: a partition is hot while its offered load is at least half its limit. */
  public static final double DEFAULT_HEAT_THRESHOLD = 0.5;
  /** Default time a partition must stay hot before a split is decided. */
  public static final Duration DEFAULT_HEAT_PERIOD = Duration.ofSeconds(60);
  /** Default time between deciding a split and the new partition serving requests. */
  public static final Duration DEFAULT_SPLIT_DELAY = Duration.ofSeconds(30);
  /** The longest burst window: far beyond any real one, and small enough that no bucket overflows. */
  public static final Duration MAX_BURST_WINDOW = Duration.ofDays(1);

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final PartitionCapacity UNLIMITED = new PartitionCapacity(false, custom());
  private static final PartitionCapacity LIMITED = custom().build();

  private final boolean enabled;
  private final long writeUnitsPerSecond;
  private final long readUnitsPerSecond;
  private final Duration burstWindow;
  private final Duration initialCredit;
  private final boolean splitForHeat;
  private final double heatThreshold;
  private final Duration heatPeriod;
  private final Duration splitDelay;

  private PartitionCapacity(boolean enabled, Builder b) {
    this.enabled = enabled;
    this.writeUnitsPerSecond = b.writeUnitsPerSecond;
    this.readUnitsPerSecond = b.readUnitsPerSecond;
    this.burstWindow = b.burstWindow;
    this.initialCredit = b.initialCredit;
    this.splitForHeat = b.splitForHeat;
    this.heatThreshold = b.heatThreshold;
    this.heatPeriod = b.heatPeriod;
    this.splitDelay = b.splitDelay;
  }

  /** No limits: nothing is ever throttled (the store's default). */
  public static PartitionCapacity unlimited() {
    return UNLIMITED;
  }

  /** Limits on, with every default: DynamoDB's per-partition figures. */
  public static PartitionCapacity limited() {
    return LIMITED;
  }

  /** A builder of limits that are on, starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from {@code base}'s figures; what it builds is on, even if {@code base} was not. */
  public static Builder from(PartitionCapacity base) {
    Require.notNull(base, "base");
    Builder b = new Builder();
    b.writeUnitsPerSecond = base.writeUnitsPerSecond;
    b.readUnitsPerSecond = base.readUnitsPerSecond;
    b.burstWindow = base.burstWindow;
    b.initialCredit = base.initialCredit;
    b.splitForHeat = base.splitForHeat;
    b.heatThreshold = base.heatThreshold;
    b.heatPeriod = base.heatPeriod;
    b.splitDelay = base.splitDelay;
    return b;
  }

  /** Whether partitions are limited at all; when false every other figure is unused. */
  public boolean enabled() {
    return enabled;
  }

  public long writeUnitsPerSecond() {
    return writeUnitsPerSecond;
  }

  public long readUnitsPerSecond() {
    return readUnitsPerSecond;
  }

  public Duration burstWindow() {
    return burstWindow;
  }

  public Duration initialCredit() {
    return initialCredit;
  }

  public boolean splitForHeat() {
    return splitForHeat;
  }

  /** The fraction of a limit, in (0, 1], at or above which a partition's offered load is hot. */
  public double heatThreshold() {
    return heatThreshold;
  }

  public Duration heatPeriod() {
    return heatPeriod;
  }

  public Duration splitDelay() {
    return splitDelay;
  }

  /** One partition's write bucket: the write rate, holding {@code rate x burstWindow} (at least 1). */
  public TokenBucketConfig writeBucket() {
    return bucket(writeUnitsPerSecond);
  }

  /** One partition's read bucket: the read rate, holding {@code rate x burstWindow} (at least 1). */
  public TokenBucketConfig readBucket() {
    return bucket(readUnitsPerSecond);
  }

  private TokenBucketConfig bucket(long rate) {
    long capacity = Math.max(1, unitsIn(rate, burstWindow));
    long initial = Math.min(capacity, unitsIn(rate, initialCredit));
    return TokenBucketConfig.custom().ratePerSecond(rate).capacity(capacity).initialTokens(initial).build();
  }

  /** Whole units a rate delivers in {@code d}. */
  static long unitsIn(long ratePerSecond, Duration d) {
    long nanos = d.toNanos();
    return ratePerSecond * (nanos / NANOS_PER_SECOND) + ratePerSecond * (nanos % NANOS_PER_SECOND) / NANOS_PER_SECOND;
  }

  @Override
  public String toString() {
    if (!enabled) {
      return "PartitionCapacity[unlimited]";
    }
    return "PartitionCapacity[write " + writeUnitsPerSecond + "/s, read " + readUnitsPerSecond + "/s, burst "
        + Durations.exact(burstWindow) + ", initial credit " + Durations.exact(initialCredit)
        + (splitForHeat ? ", split for heat at " + heatThreshold + " of the limit for " + Durations.exact(heatPeriod)
            + " after " + Durations.exact(splitDelay) : ", no split for heat") + "]";
  }

  /** Builds limits that are on; setters validate at once. Not thread-safe. */
  public static final class Builder {
    private long writeUnitsPerSecond = DEFAULT_WRITE_UNITS_PER_SECOND;
    private long readUnitsPerSecond = DEFAULT_READ_UNITS_PER_SECOND;
    private Duration burstWindow = DEFAULT_BURST_WINDOW;
    private Duration initialCredit = DEFAULT_INITIAL_CREDIT;
    private boolean splitForHeat = DEFAULT_SPLIT_FOR_HEAT;
    private double heatThreshold = DEFAULT_HEAT_THRESHOLD;
    private Duration heatPeriod = DEFAULT_HEAT_PERIOD;
    private Duration splitDelay = DEFAULT_SPLIT_DELAY;

    private Builder() {}

    /** Writes a partition admits per second, 1 to {@link TokenBucketConfig#MAX_RATE_PER_SECOND}. */
    public Builder writeUnitsPerSecond(long units) {
      this.writeUnitsPerSecond = Require.between("writeUnitsPerSecond", units, 1, TokenBucketConfig.MAX_RATE_PER_SECOND);
      return this;
    }

    /**
     * Read units a partition admits per second, 1 to half of {@link
     * TokenBucketConfig#MAX_RATE_PER_SECOND} (reads are metered in half units).
     */
    public Builder readUnitsPerSecond(long units) {
      this.readUnitsPerSecond = Require.between("readUnitsPerSecond", units, 1,
          TokenBucketConfig.MAX_RATE_PER_SECOND / 2);
      return this;
    }

    /**
     * How long unused capacity is saved, 0 to {@link #MAX_BURST_WINDOW}: a bucket holds {@code rate x
     * window} units (at least one); 0 means no burst beyond a single unit.
     */
    public Builder burstWindow(Duration window) {
      this.burstWindow = Require.between("burstWindow", window, Duration.ZERO, MAX_BURST_WINDOW);
      return this;
    }

    /** Capacity a partition starts with, as time at its rate, 0 to {@link #MAX_BURST_WINDOW} (capped at the burst). */
    public Builder initialCredit(Duration credit) {
      this.initialCredit = Require.between("initialCredit", credit, Duration.ZERO, MAX_BURST_WINDOW);
      return this;
    }

    /** Whether partitions that stay hot split in two. */
    public Builder splitForHeat(boolean on) {
      this.splitForHeat = on;
      return this;
    }

    /** The fraction of the write or read limit, in (0, 1], at which offered load counts as hot. */
    public Builder heatThreshold(double fraction) {
      this.heatThreshold = Require.inOpenClosed("heatThreshold", fraction, 0, 1);
      return this;
    }

    /** How long a partition must stay hot before a split is decided, positive. */
    public Builder heatPeriod(Duration period) {
      this.heatPeriod = Require.positive("heatPeriod", period);
      return this;
    }

    /** Time from deciding a split to the new partition serving, 0 or more. */
    public Builder splitDelay(Duration delay) {
      this.splitDelay = Require.nonNegative("splitDelay", delay);
      return this;
    }

    /**
     * @throws IllegalStateException if a rate times the burst window exceeds {@link
     *     TokenBucketConfig#MAX_CAPACITY} units
     */
    public PartitionCapacity build() {
      long fastest = Math.max(writeUnitsPerSecond, 2 * readUnitsPerSecond); // reads are metered in halves
      Require.requireState(unitsIn(fastest, burstWindow) <= TokenBucketConfig.MAX_CAPACITY,
          "a partition's burst (%d/s x %s) must be at most %d units; shorten burstWindow or lower the rate",
          fastest, Durations.exact(burstWindow), TokenBucketConfig.MAX_CAPACITY);
      return new PartitionCapacity(true, this);
    }
  }
}
