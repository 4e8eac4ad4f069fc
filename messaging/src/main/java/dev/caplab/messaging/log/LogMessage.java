package dev.caplab.messaging.log;

import java.util.List;

/**
 * The protocol between a {@link LogBroker} node and its clients ({@link ProducerNode}, {@link
 * ConsumerNode}, or any node of yours): each request is sent with {@code NodeContext.call} and
 * answered with {@code reply}. Records are immutable; keys and values should be too.
 */
public sealed interface LogMessage {

  /** Asks for a new producer id (Kafka's {@code InitProducerId}); answered with {@link ProducerIdGranted}. */
  record InitProducerId() implements LogMessage {}

  /** A new producer id. */
  record ProducerIdGranted(long producerId) implements LogMessage {}

  /** Appends a record idempotently; answered with {@link Produced} or {@link Refused}. */
  record Produce(ProduceRequest<?, ?> request) implements LogMessage {}

  /** Where the record is: new, or a duplicate of an earlier attempt. Durable when sent. */
  record Produced(AppendResult result) implements LogMessage {}

  /** Reads records; answered with {@link Fetched}, {@link OutOfRange} or {@link Refused}. */
  record Fetch(String topic, int partition, long offset, int maxRecords) implements LogMessage {}

  /** The records read and the offset to fetch next. */
  record Fetched(String topic, int partition, List<LogRecord<Object, Object>> records, long nextOffset)
      implements LogMessage {}

  /** The offset fetched is outside {@code [logStartOffset, logEndOffset]}. */
  record OutOfRange(String topic, int partition, long logStartOffset, long logEndOffset) implements LogMessage {}

  /** Joins a consumer group; answered with {@link Joined}. */
  record JoinGroup(String group, String topic, String clientId) implements LogMessage {}

  /** The new member's assignment. */
  record Joined(Assignment assignment) implements LogMessage {}

  /** Keeps a membership alive; answered with {@link HeartbeatOk} or {@link UnknownMember}. */
  record Heartbeat(String group, String topic, String memberId) implements LogMessage {}

  /** The member's current assignment (a newer generation means a rebalance). */
  record HeartbeatOk(Assignment assignment) implements LogMessage {}

  /** The member is not in the group (it expired, or the broker restarted): join again. */
  record UnknownMember(String memberId) implements LogMessage {}

  /** Leaves a consumer group; answered with {@link Left}. */
  record LeaveGroup(String group, String topic, String memberId) implements LogMessage {}

  /** The member has left (or was not a member). */
  record Left(String memberId) implements LogMessage {}

  /** Commits an offset; answered with {@link CommitAnswer} (durable when {@code COMMITTED}). */
  record CommitOffset(String group, String topic, String memberId, int generation, int partition, long offset)
      implements LogMessage {}

  /** The group's answer to a commit. */
  record CommitAnswer(CommitResult result) implements LogMessage {}

  /** Asks for a group's committed offset; answered with {@link OffsetFetched}. */
  record FetchOffset(String group, String topic, int partition) implements LogMessage {}

  /** The committed offset, or -1 if the group has none for the partition. */
  record OffsetFetched(int partition, long offset) implements LogMessage {}

  /** The broker refused a request as bad input; {@code reason} names what and why. */
  record Refused(String reason) implements LogMessage {}
}
