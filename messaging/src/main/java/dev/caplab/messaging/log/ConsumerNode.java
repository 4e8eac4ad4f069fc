package dev.caplab.messaging.log;

import dev.caplab.config.Require;
import dev.caplab.messaging.log.LogMessage.CommitAnswer;
import dev.caplab.messaging.log.LogMessage.CommitOffset;
import dev.caplab.messaging.log.LogMessage.Fetch;
import dev.caplab.messaging.log.LogMessage.FetchOffset;
import dev.caplab.messaging.log.LogMessage.Fetched;
import dev.caplab.messaging.log.LogMessage.Heartbeat;
import dev.caplab.messaging.log.LogMessage.HeartbeatOk;
import dev.caplab.messaging.log.LogMessage.JoinGroup;
import dev.caplab.messaging.log.LogMessage.Joined;
import dev.caplab.messaging.log.LogMessage.OffsetFetched;
import dev.caplab.messaging.log.LogMessage.OutOfRange;
import dev.caplab.net.Envelope;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A client node that consumes a topic from a {@link LogBroker} as a member of a consumer group, at
 * least once: every {@code pollInterval} it heartbeats (joining again if the broker forgot it,
 * taking its new partitions after a rebalance), then for its next partition fetches the committed
 * offset if it has no position, fetches a batch, hands each record to its handler, and only then
 * commits the position after the batch. A crash, a lost message or a refused commit makes records
 * be handed over again, never skipped. A position the log no longer retains restarts at the log
 * start offset (Kafka's {@code auto.offset.reset=earliest}).
 *
 * <p>The handler is the node's effect on the world (a test's or a scenario's record of what was
 * processed); everything else is volatile, and a restarted consumer joins as a new member.
 *
 * <p>Not thread-safe: a node, run by one runtime thread.
 */
public final class ConsumerNode implements Node {

  private final String broker;
  private final String group;
  private final String topic;
  private final Duration pollInterval;
  private final Duration timeout;
  private final int maxRecords;
  private final RecordHandler<Object, Object> handler;
  private Assignment assignment;
  private final Map<Integer, Long> positions = new HashMap<>();
  private int nextPartition;
  private long refusedCommits;

  /**
   * A consumer in {@code group} on {@code topic} of the broker node named {@code broker}, polling
   * every {@code pollInterval} for up to {@code maxRecords} records, with calls that time out after
   * {@code timeout}, handing each record to {@code handler}.
   */
  public ConsumerNode(String broker, String group, String topic, Duration pollInterval, Duration timeout,
      int maxRecords, RecordHandler<Object, Object> handler) {
    this.broker = Require.notNull(broker, "broker");
    this.group = Require.notNull(group, "group");
    this.topic = Require.notNull(topic, "topic");
    this.pollInterval = Require.positive("pollInterval", pollInterval);
    this.timeout = Require.positive("timeout", timeout);
    this.maxRecords = Require.atLeast("maxRecords", maxRecords, 1);
    this.handler = Require.notNull(handler, "handler");
  }

  /** The assignment this consumer last learned, or null before it joined. */
  public Assignment assignment() {
    return assignment;
  }

  /** Commits the broker refused because the group had rebalanced without this member. */
  public long refusedCommits() {
    return refusedCommits;
  }

  @Override
  public void onStart(NodeContext ctx) {
    ctx.schedule(Duration.ZERO, () -> poll(ctx));
  }

  private void poll(NodeContext ctx) {
    if (assignment == null) {
      ctx.call(ctx.node(broker), new JoinGroup(group, topic, ctx.id().name()), timeout)
          .onReply(r -> {
            adopt(((Joined) r.message()).assignment());
            consume(ctx);
          })
          .onFailure(f -> later(ctx));
      return;
    }
    ctx.call(ctx.node(broker), new Heartbeat(group, topic, assignment.memberId()), timeout)
        .onReply(r -> {
          if (r.message() instanceof HeartbeatOk ok) {
            if (ok.assignment().generation() != assignment.generation()) {
              adopt(ok.assignment());
            }
          } else {
            assignment = null; // unknown member: join again at the next poll
            positions.clear();
          }
          consume(ctx);
        })
        .onFailure(f -> later(ctx));
  }

  /** Takes a new assignment and, as Kafka's eager rebalance, restarts from the committed offsets. */
  private void adopt(Assignment a) {
    assignment = a;
    positions.clear();
    nextPartition = 0;
  }

  private void consume(NodeContext ctx) {
    if (assignment == null || assignment.partitions().isEmpty()) {
      later(ctx);
      return;
    }
    int p = assignment.partitions().get(nextPartition++ % assignment.partitions().size());
    Long position = positions.get(p);
    if (position == null) {
      ctx.call(ctx.node(broker), new FetchOffset(group, topic, p), timeout)
          .onReply(r -> {
            long committed = ((OffsetFetched) r.message()).offset();
            positions.put(p, Math.max(0, committed));
            fetch(ctx, p);
          })
          .onFailure(f -> later(ctx));
    } else {
      fetch(ctx, p);
    }
  }

  private void fetch(NodeContext ctx, int p) {
    Assignment current = assignment;
    ctx.call(ctx.node(broker), new Fetch(topic, p, positions.get(p), maxRecords), timeout)
        .onReply(r -> {
          if (r.message() instanceof OutOfRange out) {
            positions.put(p, out.logStartOffset());
            later(ctx);
          } else if (r.message() instanceof Fetched f && !f.records().isEmpty() && current == assignment) {
            for (LogRecord<Object, Object> record : f.records()) {
              handler.handle(record.partition(), record.offset(), record.timestamp(), record.key(), record.value());
            }
            commit(ctx, p, f.nextOffset());
          } else {
            later(ctx);
          }
        })
        .onFailure(f -> later(ctx));
  }

  private void commit(NodeContext ctx, int p, long offset) {
    Assignment current = assignment;
    ctx.call(ctx.node(broker),
            new CommitOffset(group, topic, current.memberId(), current.generation(), p, offset), timeout)
        .onReply(r -> {
          CommitResult result = ((CommitAnswer) r.message()).result();
          if (result.fenced()) {
            refusedCommits++;
          } else if (current == assignment) {
            positions.put(p, offset);
          }
          later(ctx);
        })
        .onFailure(f -> later(ctx)); // the position stays: the batch is fetched and handled again
  }

  private void later(NodeContext ctx) {
    ctx.schedule(pollInterval, () -> poll(ctx));
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope envelope) {
    // late answers to calls that timed out: the consumer has moved on
  }
}
