package dev.caplab.messaging.log;

import dev.caplab.config.Require;
import dev.caplab.time.Ticker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A partitioned, append-only log with Kafka's semantics, in process: topics split into
 * partitions; each partition a sequence of records addressed by offsets from 0; the {@code log
 * start offset} is the first record still retained, the {@code log end offset} the offset the
 * next record will get; retention by size and by time deletes whole segments from the head and
 * advances the log start offset; a read may start at any retained offset, so records can be
 * replayed; consumer groups ({@link #group}) share a topic's partitions and commit offsets; an
 * idempotent producer ({@link IdempotentProducer}) cannot append a retried record twice.
 *
 * <p>Partitioning: a record with a key goes to Kafka's default partition for that key
 * ({@code murmur2(key bytes) % partitions}, see {@link #partitionFor}); a record without a key
 * goes round-robin over the partitions, starting at 0 (Kafka's {@code RoundRobinPartitioner} and
 * its default before 2.4; Kafka's newer default, sticky per batch, has no meaning without
 * batches). Timestamps are the ticker's nanoseconds at the append (Kafka's {@code CreateTime},
 * here from the injected ticker).
 *
 * <p>Retention is enforced on every append to the partition appended to, on every read of the
 * partition read, and on {@link #enforceRetention()}; Kafka's broker checks every five minutes
 * instead, so its deletions come later. Records are stored in parallel arrays per segment, with
 * no object per record: {@link #read(String, int, long, int, RecordHandler)} consumes without
 * allocating.
 *
 * <p>Every bad argument (unknown topic, partition out of range, negative offset) is an {@link
 * IllegalArgumentException} naming the parameter, its value and what is allowed.
 *
 * <p>Not thread-safe: use it from one thread (a simulation's, a node's handler, an event loop), or
 * guard every call with one lock. It starts no thread and reads time only from its ticker.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class PartitionedLog<K, V> {

  /** Kafka's legal topic names: letters, digits, '.', '_' and '-', at most 249 characters. */
  static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  private final Ticker ticker;
  private final RecordSizer<? super K, ? super V> sizer;
  private final Map<String, Topic> topics = new HashMap<>();
  private final Map<String, ConsumerGroup> groups = new TreeMap<>();
  /** The topic the last call named: a caller that appends to one topic skips the map lookup. */
  private Topic lastTopic;
  private long nextProducerId;

  private PartitionedLog(Ticker ticker, RecordSizer<? super K, ? super V> sizer) {
    this.ticker = Require.notNull(ticker, "ticker");
    this.sizer = Require.notNull(sizer, "sizer");
  }

  /** An empty log on {@code ticker}, sizing records with {@link RecordSizer#DEFAULT}. */
  public static <K, V> PartitionedLog<K, V> create(Ticker ticker) {
    return new PartitionedLog<>(ticker, RecordSizer.DEFAULT);
  }

  /** An empty log on {@code ticker}, sizing records for retention with {@code sizer}. */
  public static <K, V> PartitionedLog<K, V> create(Ticker ticker, RecordSizer<? super K, ? super V> sizer) {
    return new PartitionedLog<>(ticker, sizer);
  }

  /** The ticker that stamps records and drives retention and group sessions. */
  public Ticker ticker() {
    return ticker;
  }

  /** Creates topic {@code name} with {@code partitions} partitions and the other defaults. */
  public void createTopic(String name, int partitions) {
    createTopic(name, TopicConfig.ofPartitions(partitions));
  }

  /**
   * Creates topic {@code name}.
   *
   * @throws IllegalArgumentException if the name is not a legal Kafka topic name or is taken
   */
  public void createTopic(String name, TopicConfig config) {
    Require.notNull(name, "topic");
    Require.notNull(config, "config");
    Require.requireArgument(TOPIC_NAME.matcher(name).matches(),
        "topic must match %s, got '%s'", TOPIC_NAME.pattern(), name);
    Require.requireArgument(!topics.containsKey(name), "topic must be a new name, got '%s', which exists", name);
    topics.put(name, new Topic(name, config));
  }

  /** The topics, sorted by name. */
  public SortedSet<String> topics() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(topics.keySet()));
  }

  /** The configuration of {@code topic}. */
  public TopicConfig config(String topic) {
    return topic(topic).config;
  }

  /** The number of partitions of {@code topic}. */
  public int partitions(String topic) {
    return topic(topic).partitions.length;
  }

  /**
   * The partition a record with the non-null {@code key} goes to: Kafka's default partitioner,
   * {@code toPositive(murmur2(bytes)) % partitions}, over the bytes Kafka's serializers make of a
   * {@code byte[]}, a {@code String} (UTF-8), an {@code Integer} or a {@code Long} (big-endian),
   * so these keys land where Kafka would put them. An enum hashes its name; any other key the
   * four bytes of its {@code hashCode()}, which must then be deterministic.
   */
  public int partitionFor(String topic, K key) {
    Require.notNull(key, "key");
    return KeyHash.partition(key, topic(topic).partitions.length);
  }

  /**
   * Appends a record to the partition its key picks (round-robin if {@code key} is null) and
   * returns where it went.
   */
  public RecordMetadata append(String topic, K key, V value) {
    Topic t = topic(topic);
    int partition = key == null ? t.nextRoundRobin() : KeyHash.partition(key, t.partitions.length);
    long now = ticker.nanos();
    long offset = t.append(partition, now, key, value, sizer.sizeOf(key, value));
    return new RecordMetadata(topic, partition, offset, now);
  }

  /** Appends a record to {@code partition} of {@code topic} and returns its offset. */
  public long append(String topic, int partition, K key, V value) {
    Topic t = topic(topic);
    checkPartition(t, partition);
    return t.append(partition, ticker.nanos(), key, value, sizer.sizeOf(key, value));
  }

  /**
   * A new producer id for an {@link IdempotentProducer} (Kafka's {@code InitProducerId}): 0, 1,
   * 2, ... in the order asked.
   */
  public long initProducerId() {
    return nextProducerId++;
  }

  /**
   * Appends {@code request}'s record unless its producer already appended its sequence number to
   * its partition: then appends nothing and acknowledges the duplicate with the offset its first
   * attempt got (-1 if older than the last five the log remembers per producer and partition).
   * The first sequence of a producer on a partition is 0, each next one the last plus one.
   *
   * @throws OutOfOrderSequenceException if the sequence skips ahead of the next expected one
   * @throws IllegalArgumentException for an unknown topic, partition or producer id, or a
   *     negative sequence
   */
  public AppendResult append(ProduceRequest<? extends K, ? extends V> request) {
    Require.notNull(request, "request");
    Topic t = topic(request.topic());
    checkPartition(t, request.partition());
    long producerId = request.producerId();
    if (producerId < 0 || producerId >= nextProducerId) {
      throw new IllegalArgumentException(nextProducerId == 0
          ? "producerId must come from initProducerId(), which has given out none, got " + producerId
          : "producerId must be between 0 and " + (nextProducerId - 1)
              + " (the ids initProducerId() gave out), got " + producerId);
    }
    int sequence = Require.atLeast("sequence", request.sequence(), 0);
    Partition p = t.partitions[request.partition()];
    int last = p.lastSequence(producerId);
    if (sequence <= last) {
      return new AppendResult(t.name, p.index, p.offsetOfSequence(producerId, sequence), true);
    }
    if (sequence != last + 1) {
      throw new OutOfOrderSequenceException(t.name, p.index, producerId, last + 1, sequence);
    }
    K key = request.key();
    V value = request.value();
    long offset = t.append(p.index, ticker.nanos(), key, value, sizer.sizeOf(key, value));
    p.sequenceAppended(producerId, sequence, offset);
    return new AppendResult(t.name, p.index, offset, false);
  }

  /**
   * The records of {@code partition} from {@code offset}, at most {@code maxRecords} of them; an
   * empty list at the log end offset.
   *
   * @throws OffsetOutOfRangeException if {@code offset} is below the log start offset (deleted)
   *     or above the log end offset
   */
  public List<LogRecord<K, V>> read(String topic, int partition, long offset, int maxRecords) {
    List<LogRecord<K, V>> out = new ArrayList<>((int) Math.min(maxRecords, 1024));
    read(topic, partition, offset, maxRecords,
        (p, o, ts, k, v) -> out.add(new LogRecord<>(topic, p, o, ts, k, v)));
    return out;
  }

  /**
   * Hands the records of {@code partition} from {@code offset}, at most {@code maxRecords} of them,
   * in order to {@code handler}, and returns the offset to read next (the offset after the last
   * record handed over, or {@code offset} itself at the log end). Allocates nothing per record.
   *
   * @throws OffsetOutOfRangeException if {@code offset} is below the log start offset (deleted)
   *     or above the log end offset
   */
  public long read(String topic, int partition, long offset, int maxRecords,
      RecordHandler<? super K, ? super V> handler) {
    Topic t = topic(topic);
    checkPartition(t, partition);
    Require.atLeast("offset", offset, 0L);
    Require.atLeast("maxRecords", maxRecords, 1);
    Require.notNull(handler, "handler");
    Partition p = t.partitions[partition];
    p.enforceRetention(ticker.nanos(), t.config.retentionBytes(), t.config.retentionNanos());
    if (offset < p.logStartOffset() || offset > p.logEndOffset()) {
      throw new OffsetOutOfRangeException(topic, partition, offset, p.logStartOffset(), p.logEndOffset());
    }
    return p.read(offset, maxRecords, handler);
  }

  /** The first retained offset of {@code partition} (equal to the end offset when none is retained). */
  public long logStartOffset(String topic, int partition) {
    return partition(topic, partition).logStartOffset();
  }

  /** The offset the next record appended to {@code partition} will get. */
  public long logEndOffset(String topic, int partition) {
    return partition(topic, partition).logEndOffset();
  }

  /** The size of the records {@code partition} retains, as the log's {@link RecordSizer} counts. */
  public long sizeInBytes(String topic, int partition) {
    return partition(topic, partition).bytes();
  }

  /** Deletes what retention no longer keeps, in every partition of every topic, at the ticker's time. */
  public void enforceRetention() {
    long now = ticker.nanos();
    for (Topic t : topics.values()) {
      for (Partition p : t.partitions) {
        p.enforceRetention(now, t.config.retentionBytes(), t.config.retentionNanos());
      }
    }
  }

  /**
   * Consumer group {@code groupId} on {@code topic} with the default {@link GroupConfig}, created
   * on first use.
   */
  public ConsumerGroup group(String groupId, String topic) {
    return group(groupId, topic, GroupConfig.ofDefaults());
  }

  /**
   * Consumer group {@code groupId} on {@code topic}, created with {@code config} on first use; a
   * later call must name the same topic and config.
   */
  public ConsumerGroup group(String groupId, String topic, GroupConfig config) {
    Require.notNull(groupId, "groupId");
    Require.notNull(config, "config");
    Topic t = topic(topic);
    ConsumerGroup existing = groups.get(groupId);
    if (existing == null) {
      ConsumerGroup g = new ConsumerGroup(groupId, this, t.name, t.partitions.length, config);
      groups.put(groupId, g);
      return g;
    }
    Require.requireArgument(existing.topic().equals(topic),
        "topic must be '%s', the topic of group '%s', got '%s'", existing.topic(), groupId, topic);
    Require.requireArgument(existing.config().equals(config),
        "config must be group '%s''s %s, got %s", groupId, existing.config(), config);
    return existing;
  }

  /** The consumer groups, sorted by id. */
  public SortedSet<String> groups() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(groups.keySet()));
  }

  /**
   * Appends a record recovered from durable storage with its original timestamp, and, if it came
   * from an idempotent producer ({@code producerId >= 0}), remembers its sequence number; for a
   * node rebuilding its log after a restart. Returns the record's offset.
   */
  long restore(String topic, int partition, long timestamp, K key, V value, long producerId, int sequence) {
    Topic t = topic(topic);
    checkPartition(t, partition);
    Partition p = t.partitions[partition];
    long offset = p.append(timestamp, key, value, sizer.sizeOf(key, value));
    if (producerId >= 0) {
      nextProducerId = Math.max(nextProducerId, producerId + 1);
      p.sequenceAppended(producerId, sequence, offset);
    }
    return offset;
  }

  /** Makes {@link #initProducerId()} continue from at least {@code next}, after a restart. */
  void restoreProducerIds(long next) {
    nextProducerId = Math.max(nextProducerId, next);
  }

  /** The group {@code groupId}, which must exist. */
  ConsumerGroup existingGroup(String groupId) {
    return groups.get(groupId);
  }

  private Partition partition(String topic, int partition) {
    Topic t = topic(topic);
    checkPartition(t, partition);
    return t.partitions[partition];
  }

  private Topic topic(String name) {
    Topic last = lastTopic;
    if (last != null && last.name == name) {
      return last;
    }
    Topic t = topics.get(Require.notNull(name, "topic"));
    if (t == null) {
      throw new IllegalArgumentException("topic must be one of " + topics() + ", got '" + name + "'");
    }
    lastTopic = t;
    return t;
  }

  private static void checkPartition(Topic t, int partition) {
    if (partition < 0 || partition >= t.partitions.length) {
      throw new IllegalArgumentException("partition must be between 0 and " + (t.partitions.length - 1)
          + " (topic " + t.name + " has " + t.partitions.length + "), got " + partition);
    }
  }

  /** A topic's partitions and its round-robin position. */
  private static final class Topic {
    final String name;
    final TopicConfig config;
    final Partition[] partitions;
    private int roundRobin;

    Topic(String name, TopicConfig config) {
      this.name = name;
      this.config = config;
      this.partitions = new Partition[config.partitions()];
      for (int i = 0; i < partitions.length; i++) {
        partitions[i] = new Partition(name, i, config.segmentRecords());
      }
    }

    int nextRoundRobin() {
      int p = roundRobin;
      roundRobin = p + 1 == partitions.length ? 0 : p + 1;
      return p;
    }

    long append(int partition, long now, Object key, Object value, int size) {
      Partition p = partitions[partition];
      long offset = p.append(now, key, value, size);
      p.enforceRetention(now, config.retentionBytes(), config.retentionNanos());
      return offset;
    }
  }
}
