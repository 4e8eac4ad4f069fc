package dev.caplab.messaging.log;

import dev.caplab.config.Require;
import dev.caplab.messaging.log.LogMessage.InitProducerId;
import dev.caplab.messaging.log.LogMessage.Produce;
import dev.caplab.messaging.log.LogMessage.Produced;
import dev.caplab.messaging.log.LogMessage.ProducerIdGranted;
import dev.caplab.net.Envelope;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A client node that sends records to a {@link LogBroker} as an idempotent producer: it asks for a
 * producer id, then sends its records one at a time, each with its partition (the key's, as {@link
 * PartitionedLog#partitionFor} computes it) and its sequence number, and retries a request whose
 * answer does not come within the timeout with the same sequence number, so lost and duplicated
 * messages, partitions and broker crashes neither lose nor duplicate a record.
 *
 * <p>Its progress (producer id, next record, sequence numbers) is synced to the node's storage
 * before each new request goes out, so a restarted producer resends the request it had in flight
 * with the same producer id and sequence number, and the broker recognises it if it had landed.
 * (A restarted Kafka producer gets a new producer id instead and can duplicate its last records;
 * Kafka's transactional id is what closes that gap.)
 *
 * <p>Not thread-safe: a node, run by one runtime thread.
 */
public final class ProducerNode implements Node {

  private static final String PROGRESS = "producer-progress";

  /** What survives a crash: the producer id, the record in flight (or next) and the sequences. */
  record Progress(long producerId, int next, List<Integer> nextSequence, boolean inFlight) {}

  private final String broker;
  private final String topic;
  private final int partitions;
  private final List<Object[]> records;
  private final Duration timeout;
  private long producerId = -1;
  private int[] nextSequence;
  private int next;
  private ProduceRequest<Object, Object> inFlight;
  private long duplicates;

  /**
   * A producer sending {@code records} (each {@code {key, value}}) to {@code topic}, which has
   * {@code partitions} partitions, on the node named {@code broker}, retrying after {@code timeout}.
   */
  public ProducerNode(String broker, String topic, int partitions, List<Object[]> records, Duration timeout) {
    this.broker = Require.notNull(broker, "broker");
    this.topic = Require.notNull(topic, "topic");
    this.partitions = Require.between("partitions", partitions, TopicConfig.MIN_PARTITIONS, TopicConfig.MAX_PARTITIONS);
    this.records = List.copyOf(records);
    this.timeout = Require.positive("timeout", timeout);
  }

  /** How many records the broker has acknowledged. */
  public int acknowledged() {
    return next;
  }

  /** Whether every record is acknowledged. */
  public boolean done() {
    return next == records.size();
  }

  /** How many answers were duplicates of an earlier attempt (a retry whose first attempt had landed). */
  public long duplicates() {
    return duplicates;
  }

  @Override
  public void onStart(NodeContext ctx) {
    nextSequence = new int[partitions];
    Progress saved = ctx.storage().get(PROGRESS, Progress.class);
    if (saved == null) {
      initProducerId(ctx);
      return;
    }
    producerId = saved.producerId();
    next = saved.next();
    for (int p = 0; p < partitions; p++) {
      nextSequence[p] = saved.nextSequence().get(p);
    }
    if (saved.inFlight()) {
      int partition = partitionOf(next);
      inFlight = new ProduceRequest<>(topic, partition, producerId, nextSequence[partition] - 1,
          records.get(next)[0], records.get(next)[1]);
    }
    sendNext(ctx);
  }

  private int partitionOf(int record) {
    Object key = records.get(record)[0];
    return key == null ? record % partitions : KeyHash.partition(key, partitions);
  }

  private void save(NodeContext ctx) {
    List<Integer> sequences = new ArrayList<>(partitions);
    for (int s : nextSequence) {
      sequences.add(s);
    }
    ctx.storage().put(PROGRESS, new Progress(producerId, next, List.copyOf(sequences), inFlight != null));
    ctx.storage().sync();
  }

  private void initProducerId(NodeContext ctx) {
    ctx.call(ctx.node(broker), new InitProducerId(), timeout)
        .onReply(r -> {
          producerId = ((ProducerIdGranted) r.message()).producerId();
          save(ctx);
          sendNext(ctx);
        })
        .onFailure(f -> initProducerId(ctx));
  }

  private void sendNext(NodeContext ctx) {
    if (inFlight == null) {
      if (done()) {
        return;
      }
      int partition = partitionOf(next);
      inFlight = new ProduceRequest<>(topic, partition, producerId, nextSequence[partition]++,
          records.get(next)[0], records.get(next)[1]);
      save(ctx);
    }
    ctx.call(ctx.node(broker), new Produce(inFlight), timeout)
        .onReply(r -> {
          if (!(r.message() instanceof Produced p)) {
            throw new IllegalStateException("broker refused " + inFlight + ": " + r.message());
          }
          if (p.result().duplicate()) {
            duplicates++;
          }
          inFlight = null;
          next++;
          sendNext(ctx);
        })
        .onFailure(f -> sendNext(ctx));
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope envelope) {
    // late answers to calls that timed out: their request was sent again
  }
}
