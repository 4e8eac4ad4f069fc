package dev.caplab.messaging.log;

import dev.caplab.config.Require;
import dev.caplab.messaging.log.LogMessage.CommitAnswer;
import dev.caplab.messaging.log.LogMessage.CommitOffset;
import dev.caplab.messaging.log.LogMessage.Fetch;
import dev.caplab.messaging.log.LogMessage.FetchOffset;
import dev.caplab.messaging.log.LogMessage.Fetched;
import dev.caplab.messaging.log.LogMessage.Heartbeat;
import dev.caplab.messaging.log.LogMessage.HeartbeatOk;
import dev.caplab.messaging.log.LogMessage.InitProducerId;
import dev.caplab.messaging.log.LogMessage.JoinGroup;
import dev.caplab.messaging.log.LogMessage.Joined;
import dev.caplab.messaging.log.LogMessage.LeaveGroup;
import dev.caplab.messaging.log.LogMessage.Left;
import dev.caplab.messaging.log.LogMessage.OffsetFetched;
import dev.caplab.messaging.log.LogMessage.OutOfRange;
import dev.caplab.messaging.log.LogMessage.Produce;
import dev.caplab.messaging.log.LogMessage.Produced;
import dev.caplab.messaging.log.LogMessage.ProducerIdGranted;
import dev.caplab.messaging.log.LogMessage.Refused;
import dev.caplab.messaging.log.LogMessage.UnknownMember;
import dev.caplab.net.Envelope;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.node.Storage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A single broker node holding a {@link PartitionedLog} and its consumer groups, answering the
 * {@link LogMessage} protocol, so that producers and consumers run over the simulated (or a real)
 * network with its delays, losses, duplicates, partitions and crashes.
 *
 * <p>Durability: an append is written to the node's storage and synced before it is acknowledged,
 * and so is a committed offset and the producer id counter; a crash keeps them all. On restart
 * the broker rebuilds its log from storage, records with their original timestamps and idempotent
 * producers with their sequence numbers, so a retry that crosses the crash is still recognised as
 * a duplicate. Group memberships are volatile, as a Kafka coordinator's sessions are: after a
 * restart members get {@link UnknownMember} and join again, and resume from the committed offsets.
 * Storage keeps every record; retention applies to the log in memory only.
 *
 * <p>A message that is not a {@link LogMessage} request is a bug in the sender and fails fast.
 *
 * <p>Not thread-safe: a node, run by one runtime thread.
 */
public final class LogBroker implements Node {

  private static final String RECORD_PREFIX = "log/";
  private static final String COMMIT_PREFIX = "commit/";
  private static final String PRODUCER_IDS = "producer-ids";

  private final Map<String, TopicConfig> topics;
  private final GroupConfig groupConfig;
  private PartitionedLog<Object, Object> log;
  private Storage storage;

  /**
   * A broker with {@code topics} (name to configuration), whose groups use {@code groupConfig}.
   * Give the cluster a factory that builds a new broker each time: {@code () -> new LogBroker(...)}.
   */
  public LogBroker(Map<String, TopicConfig> topics, GroupConfig groupConfig) {
    Require.notNull(topics, "topics");
    Require.requireArgument(!topics.isEmpty(), "topics must name at least one topic, got none");
    this.topics = new LinkedHashMap<>(topics);
    this.groupConfig = Require.notNull(groupConfig, "groupConfig");
  }

  /** The broker's log, for inspection by tests and reports (null before the node starts). */
  public PartitionedLog<Object, Object> log() {
    return log;
  }

  @Override
  public void onStart(NodeContext ctx) {
    storage = ctx.storage();
    log = PartitionedLog.create(ctx::now);
    topics.forEach(log::createTopic);
    Long producerIds = storage.get(PRODUCER_IDS, Long.class);
    if (producerIds != null) {
      log.restoreProducerIds(producerIds);
    }
    for (String key : storage.keys()) {
      if (key.startsWith(RECORD_PREFIX)) {
        String[] parts = key.split("/");
        StoredRecord r = storage.get(key, StoredRecord.class);
        log.restore(parts[1], Integer.parseInt(parts[2]), r.timestamp(), r.key(), r.value(), r.producerId(),
            r.sequence());
      }
    }
    for (String key : storage.keys()) {
      if (key.startsWith(COMMIT_PREFIX)) { // commit/<group, which may hold '/'>/<topic>/<partition>
        int partitionAt = key.lastIndexOf('/');
        int topicAt = key.lastIndexOf('/', partitionAt - 1);
        String group = key.substring(COMMIT_PREFIX.length(), topicAt);
        String topic = key.substring(topicAt + 1, partitionAt);
        log.group(group, topic, groupConfig)
            .resetOffset(Integer.parseInt(key.substring(partitionAt + 1)), storage.get(key, Long.class));
      }
    }
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope e) {
    Object m = e.message();
    try {
      if (m instanceof Produce p) {
        ctx.reply(e, produce(p.request()));
      } else if (m instanceof Fetch f) {
        ctx.reply(e, fetch(f));
      } else if (m instanceof Heartbeat h) {
        Optional<Assignment> a = log.group(h.group(), h.topic(), groupConfig).heartbeat(h.memberId());
        ctx.reply(e, a.<LogMessage>map(HeartbeatOk::new).orElseGet(() -> new UnknownMember(h.memberId())));
      } else if (m instanceof CommitOffset c) {
        ctx.reply(e, new CommitAnswer(commit(c)));
      } else if (m instanceof FetchOffset f) {
        ctx.reply(e, new OffsetFetched(f.partition(),
            log.group(f.group(), f.topic(), groupConfig).committed(f.partition()).orElse(-1)));
      } else if (m instanceof JoinGroup j) {
        ctx.reply(e, new Joined(log.group(j.group(), j.topic(), groupConfig).join(j.clientId())));
      } else if (m instanceof LeaveGroup l) {
        log.group(l.group(), l.topic(), groupConfig).leave(l.memberId());
        ctx.reply(e, new Left(l.memberId()));
      } else if (m instanceof InitProducerId) {
        long id = log.initProducerId();
        storage.put(PRODUCER_IDS, id + 1);
        storage.sync();
        ctx.reply(e, new ProducerIdGranted(id));
      } else {
        throw new IllegalArgumentException("message must be a LogMessage request, got " + m);
      }
    } catch (IllegalArgumentException badRequest) {
      if (!(m instanceof LogMessage)) {
        throw badRequest;
      }
      ctx.reply(e, new Refused(badRequest.getMessage()));
    }
  }

  private LogMessage produce(ProduceRequest<?, ?> request) {
    AppendResult result = log.append(request);
    if (!result.duplicate()) {
      storage.put(recordKey(result.topic(), result.partition(), result.offset()),
          new StoredRecord(log.ticker().nanos(), request.key(), request.value(), request.producerId(),
              request.sequence()));
      storage.sync();
    }
    return new Produced(result);
  }

  private LogMessage fetch(Fetch f) {
    try {
      List<LogRecord<Object, Object>> records = log.read(f.topic(), f.partition(), f.offset(), f.maxRecords());
      return new Fetched(f.topic(), f.partition(), records, f.offset() + records.size());
    } catch (OffsetOutOfRangeException out) {
      return new OutOfRange(f.topic(), f.partition(), out.logStartOffset(), out.logEndOffset());
    }
  }

  private CommitResult commit(CommitOffset c) {
    CommitResult result = log.group(c.group(), c.topic(), groupConfig)
        .commit(c.memberId(), c.generation(), c.partition(), c.offset());
    if (result == CommitResult.COMMITTED) {
      storage.put(COMMIT_PREFIX + c.group() + "/" + c.topic() + "/" + c.partition(), c.offset());
      storage.sync();
    }
    return result;
  }

  private static String recordKey(String topic, int partition, long offset) {
    return String.format(Locale.ROOT, "%s%s/%d/%020d", RECORD_PREFIX, topic, partition, offset);
  }
}
