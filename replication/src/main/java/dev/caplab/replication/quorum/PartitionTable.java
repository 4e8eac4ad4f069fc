package dev.caplab.replication.quorum;

import dev.caplab.capacity.TokenBucket;
import dev.caplab.capacity.TokenBucketConfig;
import dev.caplab.replication.ring.RingHash;
import dev.caplab.time.Ticker;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One node's partitions and their throughput limits (the node meters those it is the primary
 * replica of). A partition is a range {@code (lower,
 * upper]} of the 64-bit ring: at first the range between a virtual-node token and the one before
 * it (so a key's partition follows from the same hash that places it), later narrowed by splits.
 * Each partition the node meters has a write and a read {@link TokenBucket} ({@link
 * PartitionCapacity#writeBucket()}, {@link PartitionCapacity#readBucket()}), made when it first
 * serves a request.
 *
 * <p>Split for heat: offered load (admitted and refused requests) is counted in windows of one
 * second (or the heat period, if shorter). A window whose writes or reads reach {@link
 * PartitionCapacity#heatThreshold()} of the limit is hot; once a partition has been hot for
 * {@link PartitionCapacity#heatPeriod()} without a cold window, a split is decided at the end of
 * that window and takes effect {@link PartitionCapacity#splitDelay()} later. Where it cuts follows
 * the traffic, as DynamoDB's split for heat does: each window keeps the hashes of its first {@link
 * #SAMPLE} offered requests, and the hot window that decides the split chooses the cut from them
 * ({@link #cuts}). If one key made more than half of them, the range is cut just before and just
 * after that key, so it ends alone in a partition of its own (one cut if it sits at an end of the
 * range); otherwise the range is cut at the sample's median, so each side gets about half the
 * traffic. Each cut gives both sides their own buckets, each starting with half the capacity the
 * range it cut had saved. Time is read lazily from the ticker when requests arrive, so the table
 * needs no timers: a split due at t applies to the first request at or after t.
 *
 * <p>Not thread-safe: the node's thread.
 */
final class PartitionTable {

  /** Told of each cut of a split as it takes effect (a split that leaves a hot key alone may cut twice). */
  interface SplitListener {
    /** The range {@code (lower, upper]} became {@code (lower, mid]} and {@code (mid, upper]} at {@code atNanos}. */
    void split(long lower, long mid, long upper, long atNanos);
  }

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  /** How many offered requests of each window a partition keeps the hashes of, to choose where a split cuts. */
  static final int SAMPLE = 128;

  private final PartitionCapacity capacity;
  private final Ticker ticker;
  private final SplitListener listener;
  private final long windowNanos;
  private final long heatPeriodNanos;
  private final long splitDelayNanos;
  private final double writeHeatUnits;
  private final double readHeatHalves;
  /** Partitions by upper bound; null until the partition first serves a request here. */
  private final TreeMap<Long, Partition> partitions = new TreeMap<>();
  private long splits;

  PartitionTable(PartitionCapacity capacity, List<Long> tokens, List<Long> splitPoints, Ticker ticker,
      SplitListener listener) {
    this.capacity = capacity;
    this.ticker = ticker;
    this.listener = listener;
    this.heatPeriodNanos = capacity.heatPeriod().toNanos();
    this.windowNanos = Math.min(NANOS_PER_SECOND, heatPeriodNanos);
    this.splitDelayNanos = capacity.splitDelay().toNanos();
    double windowSeconds = (double) windowNanos / NANOS_PER_SECOND;
    this.writeHeatUnits = capacity.heatThreshold() * capacity.writeUnitsPerSecond() * windowSeconds;
    this.readHeatHalves = 2 * capacity.heatThreshold() * capacity.readUnitsPerSecond() * windowSeconds;
    for (Long t : tokens) {
      partitions.put(t, null);
    }
    for (Long t : splitPoints) {
      partitions.put(t, null);
    }
    if (partitions.isEmpty()) {
      throw new IllegalArgumentException("a partition table needs at least one ring token, got none");
    }
  }

  /** Admits a write of {@code key} costing one write unit, like {@link #admitWrite(String, long)}. */
  long admitWrite(String key) {
    return admitWrite(key, 1);
  }

  /**
   * Admits a write of {@code key} costing {@code units} write units ({@link ItemSize#writeUnits})
   * if its partition has them now; a write costing more than a bucket can hold is charged the
   * whole bucket.
   *
   * @return 0 if admitted; else the nanoseconds until the partition would admit it (at least 1)
   */
  long admitWrite(String key, long units) {
    long hash = RingHash.hash64(key);
    Partition p = partitionOf(hash);
    p.offeredWrites += units;
    p.sample(hash);
    return take(p.writes, units);
  }

  /** Admits a strongly consistent read of a small item (two half units), like {@link #admitRead(String, long)}. */
  long admitRead(String key) {
    return admitRead(key, 2);
  }

  /**
   * Admits a read of {@code key} costing {@code halfUnits} half read units ({@link
   * ItemSize#readHalfUnits}): the read bucket counts halves, holding twice the read units.
   */
  long admitRead(String key, long halfUnits) {
    long hash = RingHash.hash64(key);
    Partition p = partitionOf(hash);
    p.offeredReadHalves += halfUnits;
    p.sample(hash);
    return take(p.reads, halfUnits);
  }

  /** Ranges in the table (served here or not), splits included. */
  int partitionCount() {
    return partitions.size();
  }

  /** Splits that have taken effect on this replica. */
  long splits() {
    return splits;
  }

  /** The upper bound of the range that holds {@code hash}. */
  long upperBoundOf(long hash) {
    Long upper = partitions.ceilingKey(hash);
    return upper != null ? upper : partitions.firstKey();
  }

  /** The (exclusive) lower bound of the range ending at {@code upper}: the previous bound, wrapping. */
  long lowerBoundOf(long upper) {
    Long lower = partitions.lowerKey(upper);
    return lower != null ? lower : partitions.lastKey();
  }

  /** Write units the partition holding {@code key} has saved now (it is made if new). */
  long availableWriteUnits(String key) {
    return partitionOf(RingHash.hash64(key)).writes.availableTokens();
  }

  private static long take(TokenBucket bucket, long units) {
    long n = Math.min(units, bucket.config().capacity());
    if (bucket.tryAcquire(n)) {
      return 0;
    }
    return Math.max(1, bucket.timeUntil(n).toNanos());
  }

  private Partition partitionOf(long hash) {
    long now = ticker.nanos();
    while (true) {
      long upper = upperBoundOf(hash);
      Partition p = partitions.get(upper);
      if (p == null) {
        p = new Partition(upper, now, capacity.writeBucket(), readHalves(capacity.readBucket()));
        partitions.put(upper, p);
      }
      p.roll(now);
      if (p.splitAt < 0 || now < p.splitAt) {
        return p;
      }
      split(p);
    }
  }

  /** Carries out the split decided for {@code p}: one cut, or two that leave a hot key alone. */
  private void split(Partition p) {
    Partition low = cut(p, p.cuts[0], p.splitAt);
    if (p.cuts.length > 1) {
      cut(low, p.cuts[1], p.splitAt);
    }
  }

  /** Cuts {@code p}'s range into {@code (lower, mid]} and {@code (mid, upper]}, both from {@code at}; returns the first. */
  private Partition cut(Partition p, long mid, long at) {
    long upper = p.upper;
    long lower = lowerBoundOf(upper);
    Partition low = new Partition(mid, at, half(p.writes, true), half(p.reads, true));
    Partition high = new Partition(upper, at, half(p.writes, false), half(p.reads, false));
    partitions.put(mid, low);
    partitions.put(upper, high);
    splits++;
    listener.split(lower, mid, upper, at);
    return low;
  }

  /**
   * Where to cut the range {@code (lower, upper]} (at least two hashes wide; {@code lower == upper}
   * is the whole ring) given the hashes of {@code n} requests offered to it: the upper bounds of
   * the lower parts, in the order to cut. If one hash has more than half of the requests, the cuts
   * leave it alone: just before it (unless it is the range's first hash) and at it (unless it is
   * the range's upper bound), the cut at it first. Otherwise one cut at the median request's hash,
   * so each side has about half; with no request, the midpoint of the range.
   */
  static long[] cuts(long lower, long upper, long[] hashes, int n) {
    if (n == 0) {
      long width = upper - lower; // unsigned; 0 when the range is the whole ring
      return new long[] {width == 0 ? lower + Long.MIN_VALUE : lower + (width >>> 1)};
    }
    long top = upper - lower - 1; // the upper bound's rank: ranks count the hashes above lower, from 0
    long[] ranks = new long[n];
    for (int i = 0; i < n; i++) {
      ranks[i] = hashes[i] - lower - 1;
    }
    sortUnsigned(ranks);
    long heaviest = ranks[0];
    int most = 0;
    for (int i = 0, run = 0; i < n; i++) {
      run = i > 0 && ranks[i] == ranks[i - 1] ? run + 1 : 1;
      if (run > most) {
        most = run;
        heaviest = ranks[i];
      }
    }
    if (2 * most > n) {
      long h = lower + 1 + heaviest;
      if (heaviest == 0) {
        return new long[] {h};
      }
      if (heaviest == top) {
        return new long[] {h - 1};
      }
      return new long[] {h, h - 1};
    }
    // Below the upper bound: a median at it would mean more than half the requests there.
    return new long[] {lower + 1 + ranks[(n - 1) / 2]};
  }

  private static void sortUnsigned(long[] a) {
    for (int i = 0; i < a.length; i++) {
      a[i] ^= Long.MIN_VALUE; // signed order of the flipped values is the unsigned order
    }
    Arrays.sort(a);
    for (int i = 0; i < a.length; i++) {
      a[i] ^= Long.MIN_VALUE;
    }
  }

  /** The read bucket counted in half units: twice the rate, the capacity and the initial units. */
  private static TokenBucketConfig readHalves(TokenBucketConfig units) {
    return TokenBucketConfig.from(units).ratePerSecond(2 * units.ratePerSecond()).capacity(2 * units.capacity())
        .initialTokens(2 * units.initialTokens()).build();
  }

  /** A bucket like {@code old}'s holding half its saved units (the lower half rounds down). */
  private static TokenBucketConfig half(TokenBucket old, boolean lowerHalf) {
    long saved = old.availableTokens();
    long share = lowerHalf ? saved / 2 : saved - saved / 2;
    return TokenBucketConfig.from(old.config()).initialTokens(share).build();
  }

  /** Whether a range can be cut in two: it holds at least two hashes. */
  private boolean splittable(long upper) {
    long width = upper - lowerBoundOf(upper);
    return width == 0 || Long.compareUnsigned(width, 2) >= 0;
  }

  /** Every range's upper bound, with whether this replica has served a request in it. */
  Map<Long, Boolean> servedRanges() {
    TreeMap<Long, Boolean> out = new TreeMap<>();
    for (Map.Entry<Long, Partition> e : partitions.entrySet()) {
      out.put(e.getKey(), e.getValue() != null);
    }
    return out;
  }

  private final class Partition {
    final long upper;
    final TokenBucket writes;
    final TokenBucket reads;
    long windowStart;
    long offeredWrites;
    /** Read units offered in the window, in halves. */
    long offeredReadHalves;
    /** Start of the current unbroken run of hot windows, or -1. */
    long hotSince = -1;
    /** When a decided split takes effect, or -1. */
    long splitAt = -1;
    /** Where the decided split cuts ({@link PartitionTable#cuts}), or null. */
    long[] cuts;
    /** Hashes of the first {@link #SAMPLE} requests offered in the current window. */
    final long[] sampled = new long[SAMPLE];
    int sampledCount;

    Partition(long upper, long now, TokenBucketConfig writeBucket, TokenBucketConfig readBucket) {
      this.upper = upper;
      this.windowStart = now;
      this.writes = TokenBucket.of(writeBucket, ticker);
      this.reads = TokenBucket.of(readBucket, ticker);
    }

    void sample(long hash) {
      if (sampledCount < SAMPLE) {
        sampled[sampledCount++] = hash;
      }
    }

    /** Closes the heat windows that ended by {@code now}. */
    void roll(long now) {
      long end = windowStart + windowNanos;
      if (now < end) {
        return;
      }
      closeWindow(end);
      windowStart = end;
      if (now >= windowStart + windowNanos) {
        // Whole windows passed without a request: cold ones.
        hotSince = -1;
        windowStart = now - (now - windowStart) % windowNanos;
      }
    }

    private void closeWindow(long end) {
      boolean hot = offeredWrites >= writeHeatUnits || offeredReadHalves >= readHeatHalves;
      offeredWrites = 0;
      offeredReadHalves = 0;
      int sampledThen = sampledCount;
      sampledCount = 0;
      if (!hot) {
        hotSince = -1;
        return;
      }
      if (hotSince < 0) {
        hotSince = windowStart;
      }
      if (splitAt < 0 && capacity.splitForHeat() && end - hotSince >= heatPeriodNanos && splittable(upper)) {
        splitAt = end + splitDelayNanos;
        cuts = cuts(lowerBoundOf(upper), upper, sampled, sampledThen);
      }
    }
  }
}
