package dev.caplab.replication.crdt.conflict;

import dev.caplab.replication.crdt.LWWRegister;
import dev.caplab.replication.crdt.PNCounter;
import dev.caplab.replication.crdt.store.Mutation;
import dev.caplab.replication.crdt.store.UpdateContext;

/** The two {@link CounterStrategy} implementations and their mutations. Stateless and thread-safe. */
final class Counters {

  static final CounterStrategy<LWWRegister<Long>> LWW = new Lww();
  static final CounterStrategy<PNCounter> PN_COUNTER = new Pn();

  private Counters() {}

  private static final class Lww implements CounterStrategy<LWWRegister<Long>> {
    @Override
    public String name() {
      return "lww";
    }

    @Override
    public LWWRegister<Long> zero() {
      return LWWRegister.empty();
    }

    @Override
    public Mutation<LWWRegister<Long>> increment(long amount) {
      return new LwwIncrement(amount);
    }

    @Override
    public long read(LWWRegister<Long> state) {
      return state.value().orElse(0L);
    }
  }

  /** Read the integer, add, write it back stamped with the local clock. */
  record LwwIncrement(long amount) implements Mutation<LWWRegister<Long>> {
    @Override
    public LWWRegister<Long> delta(LWWRegister<Long> counter, UpdateContext u) {
      return counter.setDelta(u.replica(), u.timestamp(), Math.addExact(counter.value().orElse(0L), amount));
    }
  }

  private static final class Pn implements CounterStrategy<PNCounter> {
    @Override
    public String name() {
      return "pnCounter";
    }

    @Override
    public PNCounter zero() {
      return PNCounter.zero();
    }

    @Override
    public Mutation<PNCounter> increment(long amount) {
      return new PnIncrement(amount);
    }

    @Override
    public long read(PNCounter state) {
      return state.value();
    }
  }

  /** Increment (or decrement, for a negative amount) this replica's entry. */
  record PnIncrement(long amount) implements Mutation<PNCounter> {
    @Override
    public PNCounter delta(PNCounter counter, UpdateContext u) {
      return amount >= 0 ? counter.incrementDelta(u.replica(), amount) : counter.decrementDelta(u.replica(), -amount);
    }
  }
}
