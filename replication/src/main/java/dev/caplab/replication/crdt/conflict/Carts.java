package dev.caplab.replication.crdt.conflict;

import dev.caplab.replication.crdt.LWWRegister;
import dev.caplab.replication.crdt.MVRegister;
import dev.caplab.replication.crdt.ORSet;
import dev.caplab.replication.crdt.store.Mutation;
import dev.caplab.replication.crdt.store.UpdateContext;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** The three {@link SetStrategy} implementations and their mutations. Stateless and thread-safe. */
final class Carts {

  static final SetStrategy<LWWRegister<Set<String>>> LWW = new Lww();
  static final SetStrategy<MVRegister<Set<String>>> MV_REGISTER = new MvRegister();
  static final SetStrategy<ORSet<String>> OR_SET = new OrSet();

  private Carts() {}

  static SortedSet<String> with(Set<String> set, String element) {
    TreeSet<String> out = new TreeSet<>(set);
    out.add(element);
    return Collections.unmodifiableSortedSet(out);
  }

  static SortedSet<String> without(Set<String> set, String element) {
    TreeSet<String> out = new TreeSet<>(set);
    out.remove(element);
    return Collections.unmodifiableSortedSet(out);
  }

  static Set<String> union(Set<Set<String>> siblings) {
    TreeSet<String> out = new TreeSet<>();
    for (Set<String> s : siblings) {
      out.addAll(s);
    }
    return Collections.unmodifiableSortedSet(out);
  }

  private static final class Lww implements SetStrategy<LWWRegister<Set<String>>> {
    @Override
    public String name() {
      return "lww";
    }

    @Override
    public LWWRegister<Set<String>> empty() {
      return LWWRegister.empty();
    }

    @Override
    public Mutation<LWWRegister<Set<String>>> add(String element) {
      return new LwwAdd(element);
    }

    @Override
    public Mutation<LWWRegister<Set<String>>> remove(String element) {
      return new LwwRemove(element);
    }

    @Override
    public Set<String> read(LWWRegister<Set<String>> state) {
      return state.value().orElse(Set.of());
    }

    @Override
    public int versions(LWWRegister<Set<String>> state) {
      return state.value().isPresent() ? 1 : 0;
    }
  }

  /** Read the cart, add, write it back stamped with the local clock. */
  record LwwAdd(String element) implements Mutation<LWWRegister<Set<String>>> {
    @Override
    public LWWRegister<Set<String>> delta(LWWRegister<Set<String>> cart, UpdateContext u) {
      return cart.setDelta(u.replica(), u.timestamp(), with(cart.value().orElse(Set.of()), element));
    }
  }

  /** Read the cart, remove, write it back; nothing if the element is not in the local cart. */
  record LwwRemove(String element) implements Mutation<LWWRegister<Set<String>>> {
    @Override
    public LWWRegister<Set<String>> delta(LWWRegister<Set<String>> cart, UpdateContext u) {
      Set<String> items = cart.value().orElse(Set.of());
      return items.contains(element) ? cart.setDelta(u.replica(), u.timestamp(), without(items, element)) : null;
    }
  }

  private static final class MvRegister implements SetStrategy<MVRegister<Set<String>>> {
    @Override
    public String name() {
      return "mvRegister";
    }

    @Override
    public MVRegister<Set<String>> empty() {
      return MVRegister.empty();
    }

    @Override
    public Mutation<MVRegister<Set<String>>> add(String element) {
      return new MvAdd(element);
    }

    @Override
    public Mutation<MVRegister<Set<String>>> remove(String element) {
      return new MvRemove(element);
    }

    @Override
    public Set<String> read(MVRegister<Set<String>> state) {
      return union(state.value());
    }

    @Override
    public int versions(MVRegister<Set<String>> state) {
      return state.entries().size();
    }
  }

  /** Read the siblings, resolve them by union, add, write back (replacing the siblings seen). */
  record MvAdd(String element) implements Mutation<MVRegister<Set<String>>> {
    @Override
    public MVRegister<Set<String>> delta(MVRegister<Set<String>> cart, UpdateContext u) {
      return cart.writeDelta(u.replica(), with(union(cart.value()), element));
    }
  }

  /** Read the siblings, resolve by union, remove, write back; nothing if the element is not visible. */
  record MvRemove(String element) implements Mutation<MVRegister<Set<String>>> {
    @Override
    public MVRegister<Set<String>> delta(MVRegister<Set<String>> cart, UpdateContext u) {
      Set<String> items = union(cart.value());
      return items.contains(element) ? cart.writeDelta(u.replica(), without(items, element)) : null;
    }
  }

  private static final class OrSet implements SetStrategy<ORSet<String>> {
    @Override
    public String name() {
      return "orSet";
    }

    @Override
    public ORSet<String> empty() {
      return ORSet.empty();
    }

    @Override
    public Mutation<ORSet<String>> add(String element) {
      return new OrAdd(element);
    }

    @Override
    public Mutation<ORSet<String>> remove(String element) {
      return new OrRemove(element);
    }

    @Override
    public Set<String> read(ORSet<String> state) {
      return state.value();
    }

    @Override
    public int versions(ORSet<String> state) {
      return state.size() == 0 ? 0 : 1;
    }
  }

  /** Add with a fresh dot. */
  record OrAdd(String element) implements Mutation<ORSet<String>> {
    @Override
    public ORSet<String> delta(ORSet<String> cart, UpdateContext u) {
      return cart.addDelta(u.replica(), element);
    }
  }

  /** Remove the adds observed here; nothing if the element is not visible. */
  record OrRemove(String element) implements Mutation<ORSet<String>> {
    @Override
    public ORSet<String> delta(ORSet<String> cart, UpdateContext u) {
      return cart.contains(element) ? cart.removeDelta(element) : null;
    }
  }
}
