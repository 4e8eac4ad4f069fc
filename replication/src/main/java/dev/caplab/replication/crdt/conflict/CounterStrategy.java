package dev.caplab.replication.crdt.conflict;

import dev.caplab.replication.crdt.Crdt;
import dev.caplab.replication.crdt.LWWRegister;
import dev.caplab.replication.crdt.PNCounter;
import dev.caplab.replication.crdt.store.Mutation;

/**
 * One way to keep a counter (likes) in a replicated CRDT store:
 *
 * <ul>
 *   <li>{@link #lww()}: an integer in an {@link LWWRegister}, incremented by read-modify-write
 *       with the replica's local clock as the stamp. Two increments that did not see each other
 *       both write "n + 1"; one wins, the other is lost.
 *   <li>{@link #pnCounter()}: a {@link PNCounter}, one entry per replica, merged by maximum: every
 *       increment counts once.
 * </ul>
 *
 * <p>Mutations are records, so a client can send them in an update request. Implementations are
 * stateless and thread-safe.
 *
 * @param <C> the CRDT type each counter is stored as
 */
public interface CounterStrategy<C extends Crdt<C, ?>> {

  /** The strategy's short name: {@code lww}, {@code pnCounter}. */
  String name();

  /** A counter at zero. */
  C zero();

  /** Adds {@code amount} (may be negative). */
  Mutation<C> increment(long amount);

  /** The counter's value. */
  long read(C state);

  /** Read-modify-write of an integer under last-writer-wins. */
  static CounterStrategy<LWWRegister<Long>> lww() {
    return Counters.LWW;
  }

  /** The PN-Counter CRDT. */
  static CounterStrategy<PNCounter> pnCounter() {
    return Counters.PN_COUNTER;
  }
}
