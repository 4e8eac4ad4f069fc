package dev.caplab.replication.crdt.store;

import dev.caplab.config.Require;
import dev.caplab.replication.crdt.Crdt;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The messages of the replicated CRDT store: a closed family. */
public sealed interface CrdtMessage {

  /**
   * Client to replica (a call): apply {@code mutation} to {@code key}; answered with {@link
   * UpdateOk} once the change is applied and, with {@code syncWrites}, durable.
   *
   * <p>{@code id} names the update, not the message: the network may deliver a message twice, and
   * a client whose call timed out may send the same update again, so a replica applies an id once
   * (within {@link CrdtStoreConfig#deduplicationWindow()}) and answers a copy with the first
   * outcome's {@code applied} and its current state. Ids must be unique across clients, for
   * example the client's node name and a sequence number.
   *
   * @param id the update's id, the same for every copy and retry of it
   * @param key the key
   * @param mutation what to apply
   */
  record Update<C extends Crdt<C, ?>>(String id, String key, Mutation<C> mutation) implements CrdtMessage {
    /** Checks the fields are present and the id is not empty. */
    public Update {
      Objects.requireNonNull(id, "id");
      Require.requireArgument(!id.isEmpty(), "id must not be empty, got \"\"");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(mutation, "mutation");
    }
  }

  /**
   * Replica to client: the update's outcome.
   *
   * @param key the key
   * @param applied false when the mutation returned no delta (it did nothing here)
   * @param state the key's state at the replica after the update
   */
  record UpdateOk<C extends Crdt<C, ?>>(String key, boolean applied, C state) implements CrdtMessage {}

  /** Client to replica (a call): "what is your state of {@code key}?"; answered with {@link ReadOk}. */
  record Read(String key) implements CrdtMessage {
    /** Checks the key is present. */
    public Read {
      Objects.requireNonNull(key, "key");
    }
  }

  /** Replica to client: its state of the key (the empty state if it never saw the key). */
  record ReadOk<C extends Crdt<C, ?>>(String key, C state) implements CrdtMessage {}

  /**
   * Replica to replica, one anti-entropy shipment: whole states ({@code fullState}) or joined
   * deltas, per key. In {@link GossipMode#DELTA} the receiver answers with {@link Ack}.
   *
   * @param epoch the sender's incarnation token (random per start), echoed by the ack
   * @param upTo the sender's delta-buffer position this shipment covers
   * @param fullState whether {@code states} are whole states rather than deltas
   * @param states per key, a state or a delta
   */
  record Push<C extends Crdt<C, ?>>(long epoch, long upTo, boolean fullState, Map<String, C> states)
      implements CrdtMessage {
    /** Freezes the states, keeping their order. */
    public Push {
      states = Collections.unmodifiableMap(new LinkedHashMap<>(states));
    }
  }

  /** Replica to replica: "I merged your shipment up to buffer position {@code upTo} of {@code epoch}". */
  record Ack(long epoch, long upTo) implements CrdtMessage {}
}
