package dev.caplab.examples.conflict;

import dev.caplab.fault.FaultLog;
import dev.caplab.fault.FaultPlan;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.replication.crdt.Crdt;
import dev.caplab.replication.crdt.store.CrdtStore;
import dev.caplab.replication.crdt.store.CrdtStoreConfig;
import dev.caplab.replication.crdt.store.GossipMode;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The stage both conflict scenarios play on: two regions, {@code us} and {@code eu}, with three
 * replicas of a {@link CrdtStore} each (2 ms apart inside a region, 40 ms across), users attached
 * to replicas of their own region, and two clocks off ({@link #SKEW}). The regions are cut apart
 * from {@link #PARTITION_AT} to {@link #HEAL_AT}; users stop at the heal, and the run goes on until
 * the replicas have converged (at most {@link #CONVERGE_WITHIN}).
 *
 * <p>Stateless and thread-safe: each {@link #run} plays on the simulation it is given.
 */
final class TwoRegions {

  static final List<String> US = List.of("us1", "us2", "us3");
  static final List<String> EU = List.of("eu1", "eu2", "eu3");
  /** Clock offsets of the replicas whose clocks are off (the others are exact). */
  static final Map<String, Duration> SKEW = Map.of("us2", Duration.ofMillis(80), "eu3", Duration.ofMillis(-120));
  static final Duration IN_REGION_MIN = Duration.ofMillis(1);
  static final Duration IN_REGION_MAX = Duration.ofMillis(3);
  static final Duration ACROSS_MIN = Duration.ofMillis(35);
  static final Duration ACROSS_MAX = Duration.ofMillis(45);
  static final Duration PARTITION_AT = Duration.ofSeconds(1);
  static final Duration HEAL_AT = Duration.ofSeconds(4);
  static final Duration CONVERGE_WITHIN = Duration.ofSeconds(10);
  static final Duration TIMEOUT = Duration.ofSeconds(1);
  static final CrdtStoreConfig STORE = CrdtStoreConfig.custom().mode(GossipMode.DELTA)
      .gossipInterval(Duration.ofMillis(100)).fanOut(2).build();

  private TwoRegions() {}

  /**
   * A user: its node name, its home replica (which also decides its region) and its behaviour.
   *
   * @param name the node name
   * @param home the home replica
   * @param behaviour what it does
   */
  record User<C extends Crdt<C, ?>>(String name, String home, UserNode.Behaviour<C> behaviour) {
    boolean inUs() {
      return US.contains(home);
    }
  }

  /**
   * What one strategy's run left.
   *
   * @param sim the finished simulation
   * @param store the store, converged if {@code convergedAfterNanos} is present
   * @param faults the run's fault log (the partition and the heal)
   * @param convergedAfterNanos time from the heal to convergence
   */
  record Run<C extends Crdt<C, ?>>(Simulation sim, CrdtStore<C> store, FaultLog faults,
      OptionalLong convergedAfterNanos) {

    /** Nanoseconds from heal to convergence, or null if the replicas never converged. */
    Long convergenceAfterHeal() {
      return convergedAfterNanos.isPresent() ? convergedAfterNanos.getAsLong() : null;
    }

    /** The metadata bytes of the first replica (us1), summed over keys. */
    long metadataBytes() {
      return store.metadataBytes(store.replicas().get(0));
    }
  }

  static List<String> replicas() {
    List<String> all = new ArrayList<>(US);
    all.addAll(EU);
    return all;
  }

  /**
   * Runs the stage on {@code sim} (fresh, at time zero) with this store type and these users;
   * {@code atHeal} sees the store at the heal.
   */
  static <C extends Crdt<C, ?>> Run<C> run(Simulation sim, C bottom, List<User<C>> users, Duration thinkMin,
      Duration thinkMax, Consumer<CrdtStore<C>> atHeal) {
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(LinkProfile.custom()
        .latency(LatencyModel.uniform(ACROSS_MIN, ACROSS_MAX)).build());
    CrdtStore<C> store = CrdtStore.builder(cluster, bottom).replicas(replicas()).config(STORE).build();
    List<String> usSide = new ArrayList<>(US);
    List<String> euSide = new ArrayList<>(EU);
    for (User<C> u : users) {
      UserNode.Plan plan = new UserNode.Plan(u.home(), thinkMin, thinkMax, HEAL_AT, TIMEOUT);
      cluster.add(u.name(), () -> new UserNode<>(plan, u.behaviour()));
      (u.inUs() ? usSide : euSide).add(u.name());
    }
    LinkProfile near = LinkProfile.custom().latency(LatencyModel.uniform(IN_REGION_MIN, IN_REGION_MAX)).build();
    for (List<String> side : List.of(usSide, euSide)) {
      for (String a : side) {
        for (String b : side) {
          if (!a.equals(b)) {
            cluster.network().setLink(cluster.id(a), cluster.id(b), near);
          }
        }
      }
    }
    for (Map.Entry<String, Duration> e : new TreeMap<>(SKEW).entrySet()) {
      cluster.setClockOffset(cluster.id(e.getKey()), e.getValue());
    }
    FaultLog faults = FaultLog.of(cluster);
    FaultPlan.builder().partition(PARTITION_AT, usSide, euSide).heal(HEAL_AT).build().schedule(faults);
    sim.runFor(HEAL_AT);
    atHeal.accept(store);
    OptionalLong took = store.runUntilConverged(CONVERGE_WITHIN);
    return new Run<>(sim, store, faults, took);
  }
}
