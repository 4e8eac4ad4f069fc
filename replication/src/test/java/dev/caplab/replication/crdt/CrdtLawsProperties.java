package dev.caplab.replication.crdt;

import java.util.ArrayList;
import net.jqwik.api.Group;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@link CrdtLaws} for every CRDT type, with updates drawn over small domains so they collide. The
 * laws are jqwik groups (inner classes) so that Surefire, which skips nested classes, runs them.
 */
class CrdtLawsProperties {

  private static final String[] ITEMS = {"a", "b", "c", "d", "e"};

  private static String item(SplittableRandom random) {
    return ITEMS[random.nextInt(ITEMS.length)];
  }

  @Group
  class GCounterLaws extends CrdtLaws<GCounter> {
    /** The map's hash adds up name hash XOR count per entry: r0 to r4 hash to neighbours, so small counts collide. */
    @Override
    double minSpread() {
      return 0.2;
    }

    @Override
    GCounter empty() {
      return GCounter.zero();
    }

    @Override
    Update<GCounter> update(GCounter s, ReplicaId r, long t, SplittableRandom random) {
      long amount = random.nextInt(4);
      return new Update<>(s.increment(r, amount), s.incrementDelta(r, amount));
    }
  }

  @Group
  class PNCounterLaws extends CrdtLaws<PNCounter> {
    @Override
    double minSpread() {
      return 0.75;
    }

    @Override
    PNCounter empty() {
      return PNCounter.zero();
    }

    @Override
    Update<PNCounter> update(PNCounter s, ReplicaId r, long t, SplittableRandom random) {
      long amount = random.nextInt(4);
      return random.nextBoolean()
          ? new Update<>(s.increment(r, amount), s.incrementDelta(r, amount))
          : new Update<>(s.decrement(r, amount), s.decrementDelta(r, amount));
    }
  }

  @Group
  class GSetLaws extends CrdtLaws<GSet<String>> {
    @Override
    double minSpread() {
      return 0.75;
    }

    @Override
    GSet<String> empty() {
      return GSet.empty();
    }

    @Override
    Update<GSet<String>> update(GSet<String> s, ReplicaId r, long t, SplittableRandom random) {
      String e = item(random);
      return new Update<>(s.add(e), s.addDelta(e));
    }
  }

  @Group
  class TwoPhaseSetLaws extends CrdtLaws<TwoPhaseSet<String>> {
    @Override
    double minSpread() {
      return 0.85;
    }

    @Override
    TwoPhaseSet<String> empty() {
      return TwoPhaseSet.empty();
    }

    @Override
    Update<TwoPhaseSet<String>> update(TwoPhaseSet<String> s, ReplicaId r, long t, SplittableRandom random) {
      String e = item(random);
      List<String> added = new ArrayList<>(s.value());
      added.addAll(s.removed());
      if (!added.isEmpty() && random.nextBoolean()) {
        String victim = added.get(random.nextInt(added.size()));
        return new Update<>(s.remove(victim), s.removeDelta(victim));
      }
      return new Update<>(s.add(e), s.addDelta(e));
    }
  }

  @Group
  class LWWRegisterLaws extends CrdtLaws<LWWRegister<String>> {
    @Override
    double minSpread() {
      return 0.95;
    }

    @Override
    LWWRegister<String> empty() {
      return LWWRegister.empty();
    }

    @Override
    Update<LWWRegister<String>> update(LWWRegister<String> s, ReplicaId r, long t, SplittableRandom random) {
      if (random.nextInt(5) == 0) {
        return new Update<>(s.clear(r, t), s.clearDelta(r, t));
      }
      String v = item(random);
      return new Update<>(s.set(r, t, v), s.setDelta(r, t, v));
    }
  }

  @Group
  class FirstWriteWinsLaws extends CrdtLaws<LWWRegister<String>> {
    @Override
    double minSpread() {
      return 0.95;
    }

    @Override
    LWWRegister<String> empty() {
      return LWWRegister.empty(LWWRegister.Mode.FIRST_WRITER_WINS);
    }

    @Override
    Update<LWWRegister<String>> update(LWWRegister<String> s, ReplicaId r, long t, SplittableRandom random) {
      String v = item(random);
      return new Update<>(s.set(r, t, v), s.setDelta(r, t, v));
    }
  }

  @Group
  class MVRegisterLaws extends CrdtLaws<MVRegister<String>> {
    @Override
    double minSpread() {
      return 0.4;
    }

    @Override
    MVRegister<String> empty() {
      return MVRegister.empty();
    }

    @Override
    Update<MVRegister<String>> update(MVRegister<String> s, ReplicaId r, long t, SplittableRandom random) {
      String v = item(random);
      return new Update<>(s.write(r, v), s.writeDelta(r, v));
    }
  }

  @Group
  class ORSetLaws extends CrdtLaws<ORSet<String>> {
    @Override
    double minSpread() {
      return 0.78;
    }

    @Override
    ORSet<String> empty() {
      return ORSet.empty();
    }

    @Override
    Update<ORSet<String>> update(ORSet<String> s, ReplicaId r, long t, SplittableRandom random) {
      String e = item(random);
      return switch (random.nextInt(7)) {
        case 0, 1, 2 -> new Update<>(s.add(r, e), s.addDelta(r, e));
        case 3, 4, 5 -> new Update<>(s.remove(e), s.removeDelta(e));
        default -> new Update<>(s.clear(), s.clearDelta());
      };
    }
  }

  @Group
  class EWFlagLaws extends CrdtLaws<EWFlag> {
    @Override
    double minSpread() {
      return 0.45;
    }

    @Override
    EWFlag empty() {
      return EWFlag.disabled();
    }

    @Override
    Update<EWFlag> update(EWFlag s, ReplicaId r, long t, SplittableRandom random) {
      return random.nextBoolean()
          ? new Update<>(s.enable(r), s.enableDelta(r))
          : new Update<>(s.disable(), s.disableDelta());
    }
  }

  @Group
  class LWWMapLaws extends CrdtLaws<LWWMap<String, Integer>> {
    @Override
    double minSpread() {
      return 0.9;
    }

    @Override
    LWWMap<String, Integer> empty() {
      return LWWMap.empty();
    }

    @Override
    Update<LWWMap<String, Integer>> update(LWWMap<String, Integer> s, ReplicaId r, long t, SplittableRandom random) {
      String k = item(random);
      if (random.nextInt(3) == 0) {
        return new Update<>(s.remove(r, t, k), s.removeDelta(r, t, k));
      }
      int v = random.nextInt(10);
      return new Update<>(s.put(r, t, k, v), s.putDelta(r, t, k, v));
    }
  }

  @Group
  class ORMapOfCountersLaws extends CrdtLaws<ORMap<String, PNCounter>> {
    @Override
    double minSpread() {
      return 0.98;
    }

    @Override
    ORMap<String, PNCounter> empty() {
      return ORMap.empty(PNCounter.zero());
    }

    @Override
    Update<ORMap<String, PNCounter>> update(ORMap<String, PNCounter> s, ReplicaId r, long t, SplittableRandom random) {
      String k = item(random);
      long amount = random.nextInt(4);
      return switch (random.nextInt(4)) {
        case 0 -> new Update<>(s.update(r, k, c -> c.increment(r, amount)), s.updateDelta(r, k, c -> c.incrementDelta(r, amount)));
        case 1 -> new Update<>(s.update(r, k, c -> c.decrementDelta(r, amount)), s.updateDelta(r, k, c -> c.decrement(r, amount)));
        default -> new Update<>(s.remove(k), s.removeDelta(k));
      };
    }
  }

  @Group
  class ORMapOfORSetsLaws extends CrdtLaws<ORMap<String, ORSet<String>>> {
    @Override
    double minSpread() {
      return 0.975;
    }

    @Override
    ORMap<String, ORSet<String>> empty() {
      return ORMap.empty(ORSet.<String>empty());
    }

    @Override
    Update<ORMap<String, ORSet<String>>> update(ORMap<String, ORSet<String>> s, ReplicaId r, long t, SplittableRandom random) {
      String k = item(random);
      String e = item(random);
      return switch (random.nextInt(4)) {
        case 0 -> new Update<>(s.update(r, k, c -> c.add(r, e)), s.updateDelta(r, k, c -> c.addDelta(r, e)));
        case 1 -> new Update<>(s.update(r, k, c -> c.remove(e)), s.updateDelta(r, k, c -> c.removeDelta(e)));
        default -> new Update<>(s.remove(k), s.removeDelta(k));
      };
    }
  }
}
