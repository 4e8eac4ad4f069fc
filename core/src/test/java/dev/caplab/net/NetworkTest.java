package dev.caplab.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.sim.Simulation;
import dev.caplab.sim.TraceEvent;
import dev.caplab.sim.TraceKind;
import dev.caplab.sim.internal.EventLoop;
import dev.caplab.sim.internal.SimNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkTest {

  private static final long MS = 1_000_000L;

  record Ping(int n) {}

  record Read(int key) {}

  record Write(int key) {}

  /** A network whose receiver accepts every arrival and remembers it with its arrival time. */
  static final class Harness {
    final Simulation sim;
    final SimNetwork net;
    final List<Envelope> arrivals = new ArrayList<>();
    final List<Long> arrivalTimes = new ArrayList<>();

    Harness(long seed, LinkProfile profile, String... names) {
      this(Simulation.builder().seed(seed).traceLog(1 << 16).build(), profile, names);
    }

    Harness(Simulation sim, LinkProfile profile, String... names) {
      this.sim = sim;
      this.net = new SimNetwork(EventLoop.of(sim), this::arrive);
      net.setDefaultProfile(profile);
      for (String n : names) {
        net.register(n);
      }
    }

    private void arrive(Envelope e) {
      arrivals.add(e);
      arrivalTimes.add(sim.now());
      net.delivered(e);
    }

    NodeId id(String name) {
      return net.id(name);
    }

    Envelope send(String from, String to, Object message) {
      return net.send(id(from), id(to), message, 0, false);
    }

    NetworkStats stats() {
      return net.stats();
    }

    /** The delivered messages as {@link #key}s: ids are unique per sender only. */
    Set<String> deliveredIds() {
      Set<String> ids = new TreeSet<>();
      for (Envelope e : arrivals) {
        ids.add(key(e));
      }
      return ids;
    }
  }

  /** A message's identity in a network: (sender, id). */
  static String key(Envelope e) {
    return e.from().name() + "#" + e.id();
  }

  private static LinkProfile latency(LatencyModel model) {
    return LinkProfile.custom().latency(model).build();
  }

  private static LinkProfile constant(long ms) {
    return latency(LatencyModel.constant(Duration.ofMillis(ms)));
  }

  /** |observed - expected| <= 4 standard errors of a binomial count. */
  private static void assertBinomial(long observed, long trials, double p, String what) {
    double expected = trials * p;
    double se = Math.sqrt(trials * p * (1 - p));
    assertTrue(Math.abs(observed - expected) <= 4 * se,
        String.format("%s: observed %d of %d, expected %.1f +- %.1f (4 standard errors)",
            what, observed, trials, expected, 4 * se));
  }

  // ---- loss, duplication, conservation ----------------------------------------------------------

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void lossRateIsWithinStatisticalBounds(long seed) {
    Harness h = new Harness(seed, LinkProfile.custom().loss(0.1).build(), "a", "b");
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      h.send("a", "b", new Ping(i));
    }
    h.sim.runUntilQuiescent();
    NetworkStats s = h.stats();
    assertEquals(n, s.sent());
    assertBinomial(s.dropped(DropReason.LOSS), n, 0.1, "seed " + seed + " lost");
    assertEquals(n - s.dropped(DropReason.LOSS), s.delivered());
    assertEquals(s.delivered(), h.arrivals.size());
    assertEquals(s.dropped(DropReason.LOSS), s.droppedTotal(), "only loss drops: " + s);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void duplicationRateIsWithinStatisticalBoundsAndDuplicatesArriveAsTheSameEnvelope(long seed) {
    Harness h = new Harness(seed, LinkProfile.custom().duplication(0.05).build(), "a", "b");
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      h.send("a", "b", new Ping(i));
    }
    h.sim.runUntilQuiescent();
    NetworkStats s = h.stats();
    assertBinomial(s.duplicated(), n, 0.05, "seed " + seed + " duplicated");
    assertEquals(n + s.duplicated(), s.delivered());
    assertEquals(n, h.deliveredIds().size(), "every message arrives, some twice");
    assertEquals(0, s.droppedTotal());
  }

  @Test
  void lostMessagesAreNeverDuplicated() {
    Harness h = new Harness(4, LinkProfile.custom().loss(0.5).duplication(0.5).build(), "a", "b");
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      h.send("a", "b", new Ping(i));
    }
    h.sim.runUntilQuiescent();
    NetworkStats s = h.stats();
    long survived = n - s.dropped(DropReason.LOSS);
    assertBinomial(s.dropped(DropReason.LOSS), n, 0.5, "lost");
    assertBinomial(s.duplicated(), survived, 0.5, "duplicated among the survivors");
    assertEquals(survived + s.duplicated(), s.delivered());
  }

  @Test
  void conservationHoldsThroughoutAndNothingIsInFlightAfterQuiescence() {
    Simulation sim = Simulation.withSeed(5);
    Harness h = new Harness(sim, LinkProfile.custom()
        .latency(LatencyModel.uniform(Duration.ofMillis(1), Duration.ofMillis(20)))
        .loss(0.1).duplication(0.05).build(), "a", "b", "c");
    List<NodeId> ids = h.net.ids();
    int n = 30_000;
    for (int i = 0; i < n; i++) {
      h.net.send(ids.get(i % 3), ids.get((i + 1 + i / 3 % 2) % 3), new Ping(i), 0, false);
    }
    h.net.partition(List.of(h.id("a")), List.of(h.id("b"), h.id("c")));
    NetworkStats s = h.stats();
    for (int ms = 0; ms < 25; ms++) {
      if (ms == 10) {
        h.net.heal();
      }
      // Only the network schedules events here, so pending events are exactly the copies in flight.
      assertEquals(sim.pendingEvents(), s.inFlight(), "in flight at " + ms + " ms: " + s);
      assertEquals(s.sent() + s.duplicated(), s.delivered() + s.droppedTotal() + s.inFlight());
      assertEquals(h.arrivals.size(), s.delivered());
      sim.runFor(Duration.ofMillis(1));
    }
    sim.runUntilQuiescent();
    assertEquals(0, s.inFlight(), s.toString());
    assertEquals(n + s.duplicated(), s.delivered() + s.droppedTotal());
    assertTrue(s.dropped(DropReason.LOSS) > 0 && s.dropped(DropReason.PARTITION) > 0
        && s.duplicated() > 0, s.toString());
  }

  // ---- latency ---------------------------------------------------------------------------------

  /** Sends {@code n} messages a -> b one per 10 us and returns their latencies in nanoseconds. */
  private static long[] latencies(LatencyModel model, int n) {
    Harness h = new Harness(Simulation.withSeed(11), latency(model), "a", "b");
    for (int i = 0; i < n; i++) {
      h.sim.schedule(i * 10_000L, () -> h.send("a", "b", new Ping(0)));
    }
    h.sim.runUntilQuiescent();
    assertEquals(n, h.arrivals.size());
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = h.arrivalTimes.get(i) - h.arrivals.get(i).sentAt();
    }
    Arrays.sort(out);
    return out;
  }

  private static double mean(long[] xs) {
    double sum = 0;
    for (long x : xs) {
      sum += x;
    }
    return sum / xs.length;
  }

  private static void assertWithin(double expected, double actual, double tolerance, String what) {
    assertTrue(Math.abs(actual - expected) <= tolerance,
        String.format("%s: expected %.0f +- %.0f, got %.0f", what, expected, tolerance, actual));
  }

  @Test
  void uniformLatencyHasTheModelsMeanQuantilesAndRange() {
    int n = 100_000;
    long lo = 1 * MS;
    long hi = 9 * MS;
    long[] l = latencies(LatencyModel.uniform(Duration.ofNanos(lo), Duration.ofNanos(hi)), n);
    double sd = (hi - lo) / Math.sqrt(12);
    assertWithin((lo + hi) / 2.0, mean(l), 4 * sd / Math.sqrt(n), "uniform mean");
    assertTrue(l[0] >= lo && l[n - 1] <= hi, "range [" + l[0] + ", " + l[n - 1] + "]");
    assertWithin(lo + 0.9 * (hi - lo), l[(int) (0.9 * n)], 0.01 * (hi - lo), "uniform p90");
  }

  @Test
  void exponentialLatencyHasTheModelsMeanAndQuantiles() {
    int n = 100_000;
    double m = 5 * MS;
    long[] l = latencies(LatencyModel.exponential(Duration.ofNanos((long) m)), n);
    assertWithin(m, mean(l), 4 * m / Math.sqrt(n), "exponential mean");
    assertWithin(m * Math.log(2), l[n / 2], 0.02 * m, "exponential median");
    assertWithin(m * Math.log(10), l[(int) (0.9 * n)], 0.05 * m, "exponential p90");
  }

  @Test
  void latencyCanDependOnTheMessageKind() {
    LinkProfile p = LinkProfile.custom()
        .latency(LatencyModel.constant(Duration.ofMillis(1)))
        .latency(Read.class, LatencyModel.constant(Duration.ofMillis(3)))
        .latency(Write.class, LatencyModel.constant(Duration.ofMillis(7)))
        .build();
    Harness h = new Harness(1, p, "a", "b");
    h.send("a", "b", new Write(1));
    h.send("a", "b", new Read(1));
    h.send("a", "b", new Ping(1));
    h.sim.runUntilQuiescent();
    assertEquals(List.of(Ping.class, Read.class, Write.class),
        h.arrivals.stream().map(e -> e.message().getClass()).toList());
    assertEquals(List.of(1 * MS, 3 * MS, 7 * MS), h.arrivalTimes);
  }

  @Test
  void aPerLinkOverrideAppliesToThatDirectionOnly() {
    Harness h = new Harness(1, constant(1), "a", "b");
    h.net.setLink(h.id("a"), h.id("b"), constant(10));
    h.send("a", "b", new Ping(1));
    h.send("b", "a", new Ping(2));
    h.sim.runUntilQuiescent();
    assertEquals(List.of(1 * MS, 10 * MS), h.arrivalTimes);
    assertEquals(new Ping(2), h.arrivals.get(0).message());
    h.net.resetLink(h.id("a"), h.id("b"));
    assertEquals(h.net.defaultProfile(), h.net.profile(h.id("a"), h.id("b")));
  }

  // ---- partitions ------------------------------------------------------------------------------

  @Test
  void aPartitionDropsExactlyTheMessagesThatCrossIt() {
    String[] names = {"a", "b", "c", "d", "e"};
    Harness h = new Harness(1, constant(3), names);
    Set<String> left = Set.of("a", "b");
    List<NodeId> ids = h.net.ids();
    List<Envelope> sent = new ArrayList<>();
    for (int t = 0; t < 3000; t += 10) {
      h.sim.schedule(t * MS, () -> {
        for (NodeId from : ids) {
          for (NodeId to : ids) {
            if (!from.equals(to)) {
              sent.add(h.net.send(from, to, new Ping(0), 0, false));
            }
          }
        }
      });
    }
    long partitionAt = 1005 * MS;
    long healAt = 2005 * MS;
    h.sim.schedule(partitionAt, () -> h.net.partition(List.of(h.id("a"), h.id("b")),
        List.of(h.id("c"), h.id("d"), h.id("e"))));
    h.sim.schedule(healAt, h.net::heal);
    h.sim.runUntilQuiescent();

    Set<String> expectedDropped = new TreeSet<>();
    for (Envelope e : sent) {
      boolean crosses = left.contains(e.from().name()) != left.contains(e.to().name());
      if (crosses && e.sentAt() > partitionAt && e.sentAt() < healAt) {
        expectedDropped.add(key(e));
      }
    }
    Set<String> notDelivered = new TreeSet<>();
    for (Envelope e : sent) {
      notDelivered.add(key(e));
    }
    notDelivered.removeAll(h.deliveredIds());
    assertEquals(300 * 20, sent.size());
    assertEquals(100 * 12, expectedDropped.size(), "100 rounds x 12 crossing pairs");
    assertEquals(expectedDropped, notDelivered);
    assertEquals(expectedDropped.size(), h.stats().dropped(DropReason.PARTITION));
    assertEquals(expectedDropped.size(), h.stats().droppedTotal());
    // The trace names each of them as a PARTITION drop.
    Set<String> tracedDrops = new TreeSet<>();
    for (TraceEvent ev : h.sim.trace().events()) {
      if (ev.kind() == TraceKind.DROP) {
        assertEquals("PARTITION", ev.label());
        tracedDrops.add(h.net.ids().get(ev.from()).name() + "#" + ev.detail());
      }
    }
    assertEquals(expectedDropped, tracedDrops);
  }

  @Test
  void deliveryListenersSeeEveryDeliveryWithItsTimeAndNothingDropped() {
    Harness h = new Harness(3, constant(5), "a", "b", "c");
    List<String> seen = new ArrayList<>();
    h.net.addDeliveryListener((e, now) -> seen.add("first " + e.id() + "@" + now));
    h.net.addDeliveryListener((e, now) -> seen.add("second " + e.id() + "@" + now));
    Envelope kept = h.send("a", "b", new Ping(1));
    h.net.cut(h.id("a"), h.id("c"));
    h.send("a", "c", new Ping(2));
    h.sim.runUntilQuiescent();
    assertEquals(List.of("first " + kept.id() + "@" + 5 * MS, "second " + kept.id() + "@" + 5 * MS), seen);

    Harness plain = new Harness(3, constant(5), "a", "b", "c");
    plain.send("a", "b", new Ping(1));
    plain.sim.runUntilQuiescent();
    Harness observed = new Harness(3, constant(5), "a", "b", "c");
    observed.net.addDeliveryListener((e, now) -> { });
    observed.send("a", "b", new Ping(1));
    observed.sim.runUntilQuiescent();
    assertEquals(plain.sim.trace().hash(), observed.sim.trace().hash(), "listening changes nothing");
  }

  @Test
  void aMessageInFlightWhenAPartitionStartsIsDroppedAtArrival() {
    Harness h = new Harness(1, constant(5), "a", "b", "c");
    Envelope crossing = h.send("a", "b", new Ping(1));
    Envelope within = h.send("a", "c", new Ping(2));
    h.sim.schedule(2 * MS, () -> h.net.partition(List.of(h.id("a"), h.id("c"))));
    h.sim.runUntilQuiescent();
    assertEquals(List.of(within), h.arrivals);
    assertEquals(1, h.stats().dropped(DropReason.PARTITION));
    TraceEvent drop = h.sim.trace().events().stream()
        .filter(ev -> ev.kind() == TraceKind.DROP).findFirst().orElseThrow();
    assertEquals(crossing.id(), drop.detail());
    assertEquals(5 * MS, drop.time(), "dropped when it arrives, not when the partition starts");
  }

  @Test
  void aMessageSentDuringAPartitionIsDroppedEvenIfItWouldArriveAfterTheHeal() {
    Harness h = new Harness(1, constant(5), "a", "b");
    h.net.partition(List.of(h.id("a")));
    h.send("a", "b", new Ping(1));
    h.sim.schedule(1 * MS, h.net::heal);
    h.sim.runUntilQuiescent();
    assertTrue(h.arrivals.isEmpty());
    assertEquals(1, h.stats().dropped(DropReason.PARTITION));
  }

  @Test
  void nodesNamedInNoGroupFormOneMoreGroup() {
    Harness h = new Harness(1, constant(1), "a", "b", "c", "d");
    h.net.partition(List.of(h.id("a"), h.id("b")));
    assertTrue(h.net.canReach(h.id("a"), h.id("b")));
    assertTrue(h.net.canReach(h.id("c"), h.id("d")));
    assertFalse(h.net.canReach(h.id("a"), h.id("c")));
    assertFalse(h.net.canReach(h.id("d"), h.id("b")));
    assertTrue(h.net.isPartitioned());
    h.net.heal();
    assertFalse(h.net.isPartitioned());
    assertTrue(h.net.canReach(h.id("a"), h.id("c")));
  }

  @Test
  void aNewPartitionReplacesTheOldOne() {
    Harness h = new Harness(1, constant(1), "a", "b", "c");
    h.net.partition(List.of(h.id("a")));
    h.net.partition(List.of(h.id("c")));
    assertTrue(h.net.canReach(h.id("a"), h.id("b")));
    assertFalse(h.net.canReach(h.id("a"), h.id("c")));
  }

  @Test
  void aOneWayCutDropsOnlyThatDirection() {
    Harness h = new Harness(1, constant(1), "a", "b", "c");
    h.net.cut(h.id("a"), h.id("b"));
    Envelope ab = h.send("a", "b", new Ping(1));
    Envelope ba = h.send("b", "a", new Ping(2));
    Envelope ac = h.send("a", "c", new Ping(3));
    Envelope cb = h.send("c", "b", new Ping(4));
    h.sim.runUntilQuiescent();
    assertEquals(Set.of(key(ba), key(ac), key(cb)), h.deliveredIds());
    assertFalse(h.deliveredIds().contains(key(ab)));
    assertEquals(1, h.stats().dropped(DropReason.PARTITION));
    h.net.heal();
    h.send("a", "b", new Ping(5));
    h.sim.runUntilQuiescent();
    assertEquals(4, h.arrivals.size());
  }

  @Test
  void isolateCutsANodeOffBothWaysAndAddsToExistingCuts() {
    Harness h = new Harness(1, constant(1), "a", "b", "c", "d");
    h.net.cut(h.id("a"), h.id("b"));
    h.net.isolate(h.id("d"));
    for (NodeId from : h.net.ids()) {
      for (NodeId to : h.net.ids()) {
        if (!from.equals(to)) {
          boolean blocked = from.name().equals("d") || to.name().equals("d")
              || (from.name().equals("a") && to.name().equals("b"));
          assertEquals(!blocked, h.net.canReach(from, to), from + "->" + to);
        }
      }
    }
  }

  @Test
  void aBridgeSeparatesTheHalvesButBothReachTheSharedNode() {
    Harness h = new Harness(1, constant(1), "a", "b", "c", "d", "e");
    Set<String> left = Set.of("a", "b");
    Set<String> right = Set.of("d", "e");
    h.net.bridge(List.of(h.id("a"), h.id("b")), h.id("c"), List.of(h.id("d"), h.id("e")));
    List<Envelope> crossing = new ArrayList<>();
    List<Envelope> open = new ArrayList<>();
    for (NodeId from : h.net.ids()) {
      for (NodeId to : h.net.ids()) {
        if (from.equals(to)) {
          continue;
        }
        boolean crosses = (left.contains(from.name()) && right.contains(to.name()))
            || (right.contains(from.name()) && left.contains(to.name()));
        Envelope e = h.net.send(from, to, new Ping(0), 0, false);
        (crosses ? crossing : open).add(e);
        assertEquals(!crosses, h.net.canReach(from, to), from + "->" + to);
      }
    }
    h.sim.runUntilQuiescent();
    assertEquals(8, crossing.size());
    Set<String> openIds = new TreeSet<>();
    open.forEach(e -> openIds.add(key(e)));
    assertEquals(openIds, h.deliveredIds());
    assertEquals(8, h.stats().dropped(DropReason.PARTITION));
  }

  // ---- ordering --------------------------------------------------------------------------------

  private static List<Integer> arrivalOrder(boolean fifo) {
    LinkProfile p = LinkProfile.custom()
        .latency(LatencyModel.uniform(Duration.ofMillis(1), Duration.ofMillis(50)))
        .fifo(fifo)
        .build();
    Harness h = new Harness(7, p, "a", "b");
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      int k = i;
      h.sim.schedule(i * 10_000L, () -> h.send("a", "b", new Ping(k)));
    }
    h.sim.runUntilQuiescent();
    assertEquals(n, h.arrivals.size());
    for (int i = 0; i < n; i++) {
      long latency = h.arrivalTimes.get(i) - h.arrivals.get(i).sentAt();
      assertTrue(latency >= MS, "no message arrives faster than the minimum latency: " + latency);
    }
    return h.arrivals.stream().map(e -> ((Ping) e.message()).n()).toList();
  }

  @Test
  void aFifoLinkDeliversInSendOrder() {
    List<Integer> order = arrivalOrder(true);
    for (int i = 0; i < order.size(); i++) {
      assertEquals(i, order.get(i), "arrival " + i);
    }
  }

  @Test
  void aNonFifoLinkReorders() {
    List<Integer> order = arrivalOrder(false);
    int inversions = 0;
    for (int i = 1; i < order.size(); i++) {
      if (order.get(i) < order.get(i - 1)) {
        inversions++;
      }
    }
    assertTrue(inversions > 1000, "adjacent inversions: " + inversions);
  }

  @Test
  void fifoIsPerLink() {
    LinkProfile p = LinkProfile.custom().latency(LatencyModel.constant(Duration.ofMillis(10))).fifo(true).build();
    Harness h = new Harness(1, p, "a", "b", "c");
    h.net.setLink(h.id("a"), h.id("c"), LinkProfile.from(p).latency(LatencyModel.constant(Duration.ofMillis(1))).build());
    h.send("a", "b", new Ping(1));
    h.send("a", "c", new Ping(2));
    h.sim.runUntilQuiescent();
    assertEquals(List.of(1 * MS, 10 * MS), h.arrivalTimes, "a slow link does not hold back another link");
  }

  // ---- bad input -------------------------------------------------------------------------------

  private static void assertRejected(Executable action, String... mustContain) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
    for (String s : mustContain) {
      assertTrue(e.getMessage().contains(s), "message '" + e.getMessage() + "' should contain '" + s + "'");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(doubles = {-0.1, 1.5, Double.NaN, Double.POSITIVE_INFINITY})
  void probabilitiesOutsideZeroToOneAreRejected(double p) {
    assertRejected(() -> LinkProfile.custom().loss(p), "loss", String.valueOf(p));
    assertRejected(() -> LinkProfile.custom().duplication(p), "duplication", String.valueOf(p));
  }

  @Test
  void probabilityBoundsAreAccepted() {
    assertEquals(0.0, LinkProfile.custom().loss(0.0).build().loss());
    assertEquals(1.0, LinkProfile.custom().duplication(1.0).build().duplication());
  }

  @Test
  void unknownAndInvalidNodesAreRejected() {
    Harness h = new Harness(1, constant(1), "a", "b");
    assertRejected(() -> h.net.id("zz"), "zz", "a", "b");
    assertRejected(() -> h.net.register("a"), "'a'", "unique");
    assertRejected(() -> h.net.register("has space"), "has space");
    assertRejected(() -> h.net.register(""), "''");

    Harness other = new Harness(1, constant(1), "a", "b", "c");
    NodeId stranger = other.id("c");
    assertRejected(() -> h.net.send(h.id("a"), stranger, new Ping(0), 0, false), "unknown node c");
    assertRejected(() -> h.net.cut(stranger, h.id("a")), "unknown node c");
    assertRejected(() -> h.net.partition(List.of(stranger)), "unknown node c");
    assertRejected(() -> h.net.setLink(h.id("a"), stranger, constant(1)), "unknown node c");
    assertRejected(() -> h.net.isolate(stranger), "unknown node c");
    assertEquals(0, h.stats().sent(), "nothing was sent");
  }

  @Test
  void badPartitionsAreRejectedAndLeaveTheStateUnchanged() {
    Harness h = new Harness(1, constant(1), "a", "b", "c");
    NodeId a = h.id("a");
    NodeId b = h.id("b");
    NodeId c = h.id("c");
    h.net.cut(a, b);
    assertRejected(() -> h.net.partition(List.of(a, b), List.of(b, c)), "overlap", "node b", "group 0", "group 1");
    assertRejected(() -> h.net.partition(List.of(a), List.of()), "group 1", "empty");
    assertRejected(() -> h.net.partition(List.of()), "at least one group");
    assertRejected(() -> h.net.cut(a, a), "two different nodes", "a");
    assertRejected(() -> h.net.bridge(List.of(a), b, List.of()), "empty");
    assertRejected(() -> h.net.bridge(List.of(a, b), b, List.of(c)), "overlap", "b");
    Harness four = new Harness(1, constant(1), "a", "b", "c", "d");
    assertRejected(() -> four.net.bridge(List.of(four.id("a")), four.id("b"), List.of(four.id("c"))),
        "every node", "1 of 4");
    // The cut made before the failed calls is still the only block.
    assertFalse(h.net.canReach(a, b));
    assertTrue(h.net.canReach(b, a));
    assertTrue(h.net.canReach(a, c));
    assertTrue(h.net.canReach(c, b));
  }
}
