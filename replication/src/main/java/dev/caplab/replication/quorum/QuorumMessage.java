package dev.caplab.replication.quorum;

import dev.caplab.replication.version.VersionVector;
import java.util.List;
import java.util.Objects;

/**
 * Every message of the quorum protocol. Each leg of a request has its own record class, so a
 * {@code LinkProfile} can give each its own latency with {@code latency(Class, model)}: the PBS
 * paper's four legs are {@link WriteRequest} (W), {@link WriteAck} (A), {@link ReadRequest} (R)
 * and {@link ReadResponse} (S).
 *
 * <p>A coordinator sends an operation's requests to its replicas as one {@code
 * NodeContext.callAll}, so one operation needs one deadline, not one per replica, and replicas
 * answer with {@code reply}. All records are immutable (the arrays of the Merkle messages are never
 * modified after sending).
 */
public sealed interface QuorumMessage {

  /** W: the coordinator asks a replica to store a version. */
  record WriteRequest(String key, Siblings value) implements QuorumMessage {}

  /**
   * A replica refused a {@link WriteRequest} or {@link ReadRequest} because the key's partition is
   * over its throughput limit ({@link PartitionCapacity}); it stored nothing. {@code retryAfterNanos}
   * is how long until the partition admits one more request.
   */
  record ThrottledReply(String key, long retryAfterNanos) implements QuorumMessage {}

  /**
   * DVV with partitions metered: a coordinator that is not the key's primary asks the primary to
   * admit a write of {@code value} superseding {@code context}, and, if it does, to mint the write's
   * dot and store it. Answered with {@link PrimaryWriteAck} or {@link ThrottledReply}.
   */
  record PrimaryWrite(String key, String value, VersionVector context) implements QuorumMessage {}

  /**
   * The primary admitted a {@link PrimaryWrite}: {@code written} is the version it minted, {@code
   * state} its state of the key after storing it, which the coordinator sends to the other replicas.
   */
  record PrimaryWriteAck(String key, Siblings state, Versioned written) implements QuorumMessage {}

  /** A: a replica has stored (and synced, if configured) a write, repair or write-back. */
  record WriteAck(String key) implements QuorumMessage {}

  /** R: the coordinator asks a replica for its versions of a key. */
  record ReadRequest(String key) implements QuorumMessage {}

  /**
   * R for an eventually consistent read when partitions are metered (its R and the store's default W
   * overlap in no replica, and it is not linearizable): answered as a {@link ReadRequest}, and
   * charged half the read units by the key's primary, as DynamoDB charges an eventually consistent
   * read. Unmetered stores never send it.
   */
  record EventualReadRequest(String key) implements QuorumMessage {}

  /** S: a replica's versions of a key ({@code value} null when it has none). */
  record ReadResponse(String key, Siblings value) implements QuorumMessage {}

  /**
   * A write handed to a fallback node because the intended owner did not answer; the fallback
   * keeps it as a hint and replays it to {@code owner} later.
   */
  record HintedWrite(String key, Siblings value, String owner) implements QuorumMessage {}

  /** A fallback has stored a hint. */
  record HintAck(String key) implements QuorumMessage {}

  /**
   * Read repair or an ABD write-back: the newest version sent to a stale replica. Sent as part of
   * the read's call it is acknowledged with {@link WriteAck}; an asynchronous repair is a plain
   * send, which the replica does not acknowledge.
   */
  record RepairWrite(String key, Siblings value) implements QuorumMessage {}

  /** A fallback replays a hint to its owner (a call; answered with {@link HintReplayAck}). */
  record HintReplay(String key, Siblings value) implements QuorumMessage {}

  /** The owner has merged a replayed hint. */
  record HintReplayAck(String key) implements QuorumMessage {}

  /**
   * Anti-entropy: the initiator's Merkle hashes at {@code level} for the tree nodes {@code
   * indices}, over the key ranges the two replicas share (a call; answered with {@link MerkleDiff}).
   */
  record MerkleCompare(int level, int[] indices, long[] hashes) implements QuorumMessage {}

  /** Which of the compared tree nodes differ on the answering replica. */
  record MerkleDiff(int level, int[] differing) implements QuorumMessage {}

  /** The initiator's entries in differing leaves (a call; answered with {@link MerkleSyncReply}). */
  record MerkleSync(int[] leaves, List<Entry> entries) implements QuorumMessage {}

  /** The answering replica's entries in those leaves after merging the initiator's. */
  record MerkleSyncReply(List<Entry> entries) implements QuorumMessage {}

  /** A client asks a coordinator to read (a call; answered with {@link ClientReply}). */
  record ClientRead(String key, ReadOptions options) implements QuorumMessage {}

  /**
   * A client asks a coordinator to write. Under {@link Versioning#VECTOR} the write's clock is
   * {@code context} advanced at {@code actor} to at least {@code actorCounter}; under {@link
   * Versioning#DVV} the coordinator mints the dot and the write supersedes what {@code context}
   * contains (actor and counter unused); LWW ignores them.
   */
  record ClientWrite(String key, String value, WriteOptions options, VersionVector context, String actor,
      long actorCounter) implements QuorumMessage {}

  /** The outcome of a client's request. */
  record ClientReply(QuorumResult result) implements QuorumMessage {}

  /** One key's state, as exchanged by anti-entropy. */
  record Entry(String key, Siblings value) {
    public Entry {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }
}
