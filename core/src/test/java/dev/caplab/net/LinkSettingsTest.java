package dev.caplab.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-link settings away from node 0, profiles derived from others, and drops counted per reason. */
class LinkSettingsTest {

  private static final long MS = 1_000_000L;

  record Read(int key) {}

  private static LinkProfile constant(long ms) {
    return LinkProfile.custom().latency(LatencyModel.constant(Duration.ofMillis(ms))).build();
  }

  @Test
  void resettingALinkResetsThatLinkOnly() {
    NetworkTest.Harness h = new NetworkTest.Harness(1, constant(1), "a", "b", "c", "d");
    LinkProfile slow = constant(5);
    for (String from : List.of("a", "b", "c", "d")) {
      for (String to : List.of("a", "b", "c", "d")) {
        if (!from.equals(to)) {
          h.net.setLink(h.id(from), h.id(to), slow);
        }
      }
    }
    h.net.resetLink(h.id("b"), h.id("c"));
    h.net.resetLink(h.id("d"), h.id("b"));
    for (String from : List.of("a", "b", "c", "d")) {
      for (String to : List.of("a", "b", "c", "d")) {
        if (from.equals(to)) {
          continue;
        }
        boolean reset = from.equals("b") && to.equals("c") || from.equals("d") && to.equals("b");
        assertSame(reset ? h.net.defaultProfile() : slow, h.net.profile(h.id(from), h.id(to)),
            from + "->" + to);
      }
    }
    h.send("b", "c", new Read(1));
    h.send("a", "c", new Read(2));
    h.sim.runUntilQuiescent();
    assertEquals(List.of(1 * MS, 5 * MS), h.arrivalTimes);
  }

  @Test
  void aProfileDerivedFromAnotherKeepsItsPerKindLatencies() {
    LatencyModel readLatency = LatencyModel.constant(Duration.ofMillis(3));
    LinkProfile base = LinkProfile.custom()
        .latency(LatencyModel.constant(Duration.ofMillis(1)))
        .latency(Read.class, readLatency)
        .loss(0.25)
        .duplication(0.5)
        .fifo(true)
        .build();
    LinkProfile derived = LinkProfile.from(base).loss(0.0).build();
    assertSame(readLatency, derived.latencyFor(Read.class));
    assertEquals(Map.of(Read.class, readLatency), derived.latencyByKind());
    assertEquals(0.5, derived.duplication());
    assertEquals(true, derived.fifo());
    assertEquals(0.0, derived.loss());

    NetworkTest.Harness h = new NetworkTest.Harness(1, derived, "a", "b");
    h.net.setDefaultProfile(LinkProfile.from(derived).duplication(0).build());
    h.send("a", "b", new Read(1));
    h.send("a", "b", "a string");
    h.sim.runUntilQuiescent();
    assertEquals(List.of(3 * MS, 3 * MS), h.arrivalTimes, "FIFO: the string waits for the read");
  }

  @Test
  void dropsAreCountedPerReasonInReasonOrder() {
    NetworkTest.Harness h = new NetworkTest.Harness(1, constant(1), "a", "b", "c");
    h.net.setLink(h.id("a"), h.id("b"), LinkProfile.custom().loss(1.0).build());
    h.send("a", "b", new Read(1));
    h.send("a", "b", new Read(2));
    h.net.cut(h.id("a"), h.id("c"));
    h.send("a", "c", new Read(3));
    h.sim.runUntilQuiescent();

    Map<DropReason, Long> expected = new LinkedHashMap<>();
    expected.put(DropReason.LOSS, 2L);
    expected.put(DropReason.PARTITION, 1L);
    expected.put(DropReason.CRASH, 0L);
    expected.put(DropReason.INBOX_OVERFLOW, 0L);
    Map<DropReason, Long> byReason = h.stats().droppedByReason();
    assertEquals(expected, byReason);
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(byReason.keySet()));
    assertEquals("sent=3 delivered=0 duplicated=0 dropped={LOSS=2, PARTITION=1, CRASH=0, INBOX_OVERFLOW=0}",
        h.stats().toString());
  }
}
