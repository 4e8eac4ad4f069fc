package dev.caplab.benchmarks;

import dev.caplab.messaging.log.AutoOffsetReset;
import dev.caplab.messaging.log.ConsumerGroup;
import dev.caplab.messaging.log.GroupConsumer;
import dev.caplab.messaging.log.LogRecord;
import dev.caplab.messaging.log.PartitionedLog;
import dev.caplab.messaging.log.RecordHandler;
import dev.caplab.messaging.log.TopicConfig;
import dev.caplab.time.ManualTicker;
import dev.caplab.time.Ticker;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The partitioned log's in-process speed: records appended and then consumed per second, on one
 * thread, next to a plain {@link ArrayDeque} producer/consumer loop doing the same work (offer a
 * batch, poll it back) as the physical reference.
 *
 * <p>One JMH operation is one record appended and consumed, so the throughput score is records
 * per second and {@code gc.alloc.rate.norm} under {@code -prof gc} is bytes allocated per record.
 * Each invocation appends a batch of {@value #BATCH} records with a null key (round-robin over a
 * single partition) and reads them back from where the previous one stopped. The log keeps about
 * 64 segments of 1024 records (retention by size), so its memory stays bounded while segments roll
 * and are deleted.
 *
 * <p>Time: the log reads its ticker once per append. {@link Ticker#system()} is {@code
 * System.nanoTime()}, which costs 25 ns on a host with a TSC clock source but 100-250 ns on a VM
 * with {@code kvm-clock}, enough to hide the log's own cost. So the log benchmarks stamp records
 * with a cached clock, a {@link ManualTicker} the loop advances once per batch (the pattern of
 * Agrona's {@code CachedNanoClock}, and of a simulation, whose ticker is a field), and {@code
 * logHandlerSystemTicker} measures the same loop on {@code System.nanoTime()}.
 * Values are one preallocated object, so no benchmark allocates for its payload. Each benchmark
 * returns a checksum of what it consumed, so nothing is dropped.
 *
 * <ul>
 *   <li>{@code arrayDeque}: offer 1024 objects, poll them back (the reference);
 *   <li>{@code logHandler}: append 1024 records, read them with a {@link RecordHandler} (no object
 *       per record);
 *   <li>{@code logHandlerSystemTicker}: the same on {@link Ticker#system()};
 *   <li>{@code logRecords}: the same, read as a list of {@link LogRecord}s;
 *   <li>{@code groupConsumer}: append 1024 records, consume them with a {@link GroupConsumer} at
 *       least once (heartbeat, read, commit per batch).
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar LogAppendConsume -prof gc}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class LogAppendConsume {

  /** Records appended, then consumed, per invocation. */
  static final int BATCH = 1024;
  /** The one payload every record carries. */
  static final Object VALUE = "payload";

  final ManualTicker cachedClock = new ManualTicker();
  PartitionedLog<Object, Object> log;
  PartitionedLog<Object, Object> systemLog;
  long systemPosition;
  PartitionedLog<Object, Object> groupLog;
  GroupConsumer<Object, Object> consumer;
  ArrayDeque<Object> deque;
  long position;
  final Checksum checksum = new Checksum();

  /** Sums offsets, so the JIT cannot drop the reads. */
  static final class Checksum implements RecordHandler<Object, Object> {
    long sum;

    @Override
    public void handle(int partition, long offset, long timestamp, Object key, Object value) {
      sum += offset + (value == VALUE ? 1 : 0);
    }
  }

  @Setup
  public void setUp() {
    TopicConfig topic = TopicConfig.custom().partitions(1).segmentRecords(1024).retentionBytes(64 * 1024 * 7).build();
    log = PartitionedLog.create(cachedClock);
    log.createTopic("bench", topic);
    systemLog = PartitionedLog.create(Ticker.system());
    systemLog.createTopic("bench", topic);
    systemPosition = 0;
    groupLog = PartitionedLog.create(cachedClock);
    groupLog.createTopic("bench", topic);
    ConsumerGroup group = groupLog.group("g", "bench");
    consumer = GroupConsumer.join(groupLog, group, "c", AutoOffsetReset.EARLIEST);
    deque = new ArrayDeque<>(BATCH);
    position = 0;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long arrayDeque() {
    for (int i = 0; i < BATCH; i++) {
      deque.offer(VALUE);
    }
    long sum = 0;
    for (int i = 0; i < BATCH; i++) {
      sum += deque.poll() == VALUE ? 1 : 0;
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long logHandler() {
    cachedClock.advance(1_000);
    for (int i = 0; i < BATCH; i++) {
      log.append("bench", 0, null, VALUE);
    }
    position = log.read("bench", 0, position, BATCH, checksum);
    return checksum.sum;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long logHandlerSystemTicker() {
    for (int i = 0; i < BATCH; i++) {
      systemLog.append("bench", 0, null, VALUE);
    }
    systemPosition = systemLog.read("bench", 0, systemPosition, BATCH, checksum);
    return checksum.sum;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long logRecords() {
    cachedClock.advance(1_000);
    for (int i = 0; i < BATCH; i++) {
      log.append("bench", 0, null, VALUE);
    }
    long sum = 0;
    for (LogRecord<Object, Object> r : log.read("bench", 0, position, BATCH)) {
      sum += r.offset();
    }
    position += BATCH;
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long groupConsumer() {
    cachedClock.advance(1_000);
    for (int i = 0; i < BATCH; i++) {
      groupLog.append("bench", 0, null, VALUE);
    }
    return consumer.pollAtLeastOnce(BATCH, checksum) + checksum.sum;
  }
}
