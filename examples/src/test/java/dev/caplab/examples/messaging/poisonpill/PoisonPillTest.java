package dev.caplab.examples.messaging.poisonpill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.examples.scenario.ScenarioRunner;
import dev.caplab.report.Block;
import dev.caplab.report.Report;
import dev.caplab.report.TextReport;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The poison-pill findings over several seeds, read from the report as a program would. */
class PoisonPillTest {

  private static final int SEEDS = 3;
  private static final Map<Long, Report> REPORTS = new TreeMap<>();

  private static Report run(long seed) {
    return REPORTS.computeIfAbsent(seed, s -> ScenarioRunner.run(new PoisonPill(), s).report());
  }

  private static long count(Report r, String name) {
    return (Long) r.metric(name).value();
  }

  private static Block.TimeSeries series(Report r, String name) {
    return r.blocks().stream().filter(b -> b instanceof Block.TimeSeries t && t.name().equals(name))
        .map(b -> (Block.TimeSeries) b).findFirst().orElseThrow();
  }

  @Test
  void withoutADlqThePillLoopsWithADlqItWaitsWithItsReasonUntilTheRedrive() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Report r = run(seed);
      String at = "seed " + seed + ": ";
      assertTrue(r.allChecksValid(), at + r.checks());
      for (String v : List.of("noDlq", "inOrder", "dlq")) {
        assertEquals(PoisonPill.ORDERS, count(r, v + ".acknowledged"), at + v);
      }
      assertEquals(PoisonPill.ORDERS - 1, count(r, "noDlq.processed"), at);
      assertEquals(1, count(r, "noDlq.stuck"), at);
      assertTrue(count(r, "noDlq.pillDeliveries") > 2 * PoisonPill.MAX_RECEIVE_COUNT, at);
      assertEquals(PoisonPill.PILL_INDEX, count(r, "inOrder.processed"), at);
      assertTrue(count(r, "inOrder.ordersPerSecondAfterPill") < 5, at);
      assertTrue(count(r, "inOrder.ordersPerSecondBeforePill") > 10, at);
      assertEquals(PoisonPill.RESEQUENCE_WINDOW, count(r, "inOrder.parkedAtEnd"), at + "the window is full of orders after the pill");
      assertTrue(count(r, "inOrder.receives") > 5 * count(r, "noDlq.receives"), at + "the blocked orders cost receives");
      assertTrue(count(r, "inOrder.peakWaiting") > 100, at + "the backlog grows");
      assertEquals(PoisonPill.ORDERS, count(r, "dlq.processed"), at);
      assertEquals(PoisonPill.MAX_RECEIVE_COUNT + 1, count(r, "dlq.pillDeliveries"), at);
      assertEquals(1, count(r, "dlq.redriveMoved"), at);
      assertEquals(0, count(r, "dlq.deadLetteredAtEnd"), at);
      String reason = (String) r.metric("dlq.pillReason").value();
      assertTrue(reason.startsWith("IllegalArgumentException: cannot parse " + PoisonPill.PILL), at + reason);
      long deadAt = (Long) r.metric("dlq.pillDeadLetteredAt").value();
      long processedAt = (Long) r.metric("dlq.pillProcessedAt").value();
      assertTrue(deadAt < PoisonPill.FIX_AT.toNanos(), at + deadAt);
      assertTrue(processedAt >= PoisonPill.REDRIVE_AT.toNanos(), at + processedAt);
      assertTrue(count(r, "dlq.ordersPerSecondAfterPill") > 20, at + "the other orders flow on");
    }
  }

  @Test
  void theDeadLetterSeriesHoldsThePillFromItsMoveToTheRedrive() {
    Report r = run(2);
    Block.Line dlq = series(r, "deadLettered").lines().get(0);
    long deadAt = (Long) r.metric("dlq.pillDeadLetteredAt").value();
    long sample = PoisonPill.SAMPLE_EVERY.toNanos();
    int checked = 0;
    for (int i = 0; i < dlq.times().length; i++) {
      long t = dlq.times()[i];
      if (t < deadAt || t > PoisonPill.REDRIVE_AT.toNanos() + sample) {
        assertEquals(0, dlq.values()[i], "at " + t);
        checked++;
      } else if (t > deadAt + sample && t <= PoisonPill.REDRIVE_AT.toNanos()) {
        assertEquals(1, dlq.values()[i], "at " + t);
        checked++;
      }
    }
    assertTrue(checked > 100, "samples checked: " + checked);
    assertEquals(List.of("noDlq", "inOrder", "dlq"),
        series(r, "waiting").lines().stream().map(Block.Line::label).toList());
  }

  @Test
  void theTextTellsWhatEachDesignDid() {
    String prose = TextReport.render(run(1)).replaceAll("\\s+", " ");
    assertTrue(prose.contains("noDlq (standard consumer, no dead-letter queue): the pill was delivered 47 times and was"
        + " still in the queue at the end"), prose);
    assertTrue(prose.contains("inOrder (in-order consumer, no dead-letter queue): nothing after order 150 could be"
        + " applied. Throughput fell from 31 to 0 orders/s"), prose);
    assertTrue(prose.contains("then moved to the dead-letter queue at 5.74s with its reason \"IllegalArgumentException:"
        + " cannot parse order-150:{qty:: truncated JSON after ':{qty:'\""), prose);
    assertTrue(prose.contains("the broker's redrive (completed) moved 1 message back at 10/s and the pill was"
        + " processed at 21.1s: all 600 orders processed."), prose);
  }

  @Test
  void onlyTheFixedHandlerParsesThePill() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PoisonPill.parse(PoisonPill.PILL,
        false));
    assertEquals("cannot parse order-150:{qty:: truncated JSON after ':{qty:'", e.getMessage());
    assertEquals(150, PoisonPill.parse(PoisonPill.PILL, true));
    assertEquals(7, PoisonPill.parse("order-7", false));
  }
}
