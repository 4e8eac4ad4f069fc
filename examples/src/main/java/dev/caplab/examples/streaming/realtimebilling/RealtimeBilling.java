package dev.caplab.examples.streaming.realtimebilling;

import static dev.caplab.examples.streaming.realtimebilling.Billing.BATCH_EVERY_MS;
import static dev.caplab.examples.streaming.realtimebilling.Billing.KAPPA_LATENESS_MS;
import static dev.caplab.examples.streaming.realtimebilling.Billing.PERIOD_MS;
import static dev.caplab.examples.streaming.realtimebilling.Billing.PRICE_CHANGE_MS;
import static dev.caplab.examples.streaming.realtimebilling.Billing.WATERMARK_BOUND_MS;
import static dev.caplab.examples.streaming.realtimebilling.Billing.WINDOW_MS;

import dev.caplab.examples.scenario.Scenario;
import dev.caplab.examples.scenario.ScenarioRun;
import dev.caplab.examples.scenario.VariantKey;
import dev.caplab.examples.streaming.realtimebilling.Billing.Result;
import dev.caplab.report.Block;
import dev.caplab.report.Check;
import dev.caplab.report.Metric;
import dev.caplab.report.Unit;
import dev.caplab.time.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Real-time billing, where the dashboard says $50 and the invoice $55: customers' metered API
 * calls reach a log with disorder, and the requests of mobile devices that were offline arrive up
 * to {@link Meter#OFFLINE_MAX_MS} late. A dashboard shows each customer's charges per hourly billing
 * window from a stream; the invoice is a batch over the complete log. Three architectures, each on a
 * simulation of its own from the same seed, so all meet the same usage:
 *
 * <ul>
 *   <li>{@code streamingOnly}: the stream alone, with a heuristic watermark: late usage goes to the
 *       side output and the bill is short by exactly that;
 *   <li>{@code lambda}: that stream as the speed layer plus a batch layer every few hours; the
 *       batch's exact windows replace the speed layer's, and the last batch closes the gap;
 *   <li>{@code kappa}: one stream that keeps windows open for late usage; a pricing change
 *       part-way through is deployed by replaying the log from offset 0 with the new logic into a
 *       new table, which readers switch to once it has caught up.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class RealtimeBilling implements Scenario {

  /** The command-line name. */
  public static final String NAME = "realtime-billing";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "usage dashboard from a stream vs invoice from a batch: streaming only, Lambda, Kappa replay";
  }

  @Override
  public String question() {
    return "Metered API usage arrives out of order, some of it hours late from offline devices. How far is a"
        + " streaming dashboard from the exact invoice, how do a Lambda batch layer and a Kappa replay close the"
        + " gap, and what does each cost in events processed?";
  }

  @Override
  public List<String> variants() {
    return VariantKey.keysOf(Variant.values());
  }

  @Override
  public void run(ScenarioRun run) {
    Map<Variant, Result> results = run.eachVariant(Variant.class, (sim, v) -> Billing.run(sim, v));
    new Outcome(results).report(run);
  }

  /** What the variants measured; {@link #report} writes it up. */
  record Outcome(Map<Variant, Result> results) {

    Result get(Variant v) {
      return results.get(v);
    }

    List<Usage> usage() {
      return get(Variant.STREAMING_ONLY).usage();
    }

    List<Usage> periodUsage() {
      return usage().stream().filter(u -> u.eventMillis() < PERIOD_MS).toList();
    }

    /** The exact invoice at {@code pricing}: the batch over the complete log. */
    Map<Cell, Long> invoice(Pricing pricing) {
      return BatchInvoice.of(usage(), pricing, PERIOD_MS);
    }

    long invoiceTotal(Pricing pricing) {
      return BatchInvoice.total(invoice(pricing));
    }

    /** The sum over every period request of its price, request by request: what the batch must equal. */
    long usageTotal(Pricing pricing) {
      return periodUsage().stream().mapToLong(u -> pricing.cents(u.calls())).sum();
    }

    long lateEvents() {
      return periodUsage().stream().filter(u -> u.delayMillis() > WATERMARK_BOUND_MS).count();
    }

    long maxDelayMs() {
      return periodUsage().stream().mapToLong(Usage::delayMillis).max().orElse(0);
    }

    Pricing pricing(Variant v) {
      return v == Variant.KAPPA ? Pricing.V2 : Pricing.V1;
    }

    long gap(Variant v) {
      return invoiceTotal(pricing(v)) - get(v).dashboardTotal();
    }

    /** The exact charges, at {@code pricing}, of the period's usage made before each sample time. */
    double[] exactSoFar(Result r, Pricing pricing) {
      long[] times = r.sampleTimes();
      double[] out = new double[times.length];
      for (Usage u : periodUsage()) {
        for (int i = 0; i < times.length; i++) {
          if (u.eventMillis() * 1_000_000L < times[i]) {
            out[i] += pricing.cents(u.calls());
          }
        }
      }
      return out;
    }

    void report(ScenarioRun run) {
      Result streaming = get(Variant.STREAMING_ONLY);
      Result lambda = get(Variant.LAMBDA);
      Result kappa = get(Variant.KAPPA);
      long invoice = invoiceTotal(Pricing.V1);
      run.paragraph(String.format(Locale.ROOT, "%d customers make metered API calls for a billing period of %s,"
          + " billed per customer per %s window at %d cents a call: %d requests, an exact invoice of %s (usage goes"
          + " on after the period: the log holds %d requests at the end of the run, %s later). Most"
          + " requests reach the billing log within a second or two; %d (%s) came from mobile devices that were"
          + " offline and arrived up to %s after they were made. The dashboard is a stream over the log (a"
          + " heuristic watermark %s behind the latest usage, a pane every minute); the invoice is a batch over"
          + " the complete log.", Meter.CUSTOMERS, human(PERIOD_MS), human(WINDOW_MS), Pricing.CENTS_PER_CALL,
          periodUsage().size(), dollars(invoice), usage().size(), human(Billing.RUN_MS - PERIOD_MS), lateEvents(),
          percent(lateEvents(), periodUsage().size()),
          human(maxDelayMs()), human(WATERMARK_BOUND_MS)));
      run.heading("What happened");
      run.bullets(List.of(
          String.format(Locale.ROOT, "streamingOnly (%s): the dashboard ends at %s against an invoice of %s, %s"
              + " short: exactly the %d late requests (%s) the watermark had passed, which went to the side output."
              + " %d events processed.", Variant.STREAMING_ONLY.description(), dollars(streaming.dashboardTotal()),
              dollars(invoice), dollars(gap(Variant.STREAMING_ONLY)), streaming.sideOutputEvents(),
              dollars(streaming.sideOutputCents(Pricing.V1)), streaming.eventsProcessed()),
          String.format(Locale.ROOT, "lambda (%s, every %s): the speed layer alone ends %s short, like the"
              + " stream above; the batch runs replace its windows with exact ones (just before the final run the"
              + " serving view was %s short, from usage that arrived after the previous run), and the final batch"
              + " over the complete log leaves a gap of %s. %d batch runs read %d events and the speed layer %d:"
              + " %d in all.", Variant.LAMBDA.description(), human(BATCH_EVERY_MS),
              dollars(invoice - lambda.speedLayerTotal()), dollars(lambda.gapBeforeFinalBatch()),
              dollars(gap(Variant.LAMBDA)), lambda.batchRuns(), lambda.batchEvents(), lambda.streamEvents(),
              lambda.eventsProcessed()),
          String.format(Locale.ROOT, "kappa (%s): at %s the new pricing (a volume discount after %d calls a"
              + " request) replayed the %s of log from offset 0 and caught up in %s; after the switch the"
              + " dashboard is %s against the batch invoice under the new price of %s, a gap of %s. The first"
              + " version read %d events before it stopped, the replay %d: %d in all.", Variant.KAPPA.description(),
              human(PRICE_CHANGE_MS), Pricing.DISCOUNT_AFTER, human(PRICE_CHANGE_MS), humanNanos(kappa.catchUpNanos()),
              dollars(kappa.dashboardTotal()), dollars(invoiceTotal(Pricing.V2)), dollars(gap(Variant.KAPPA)),
              kappa.streamEvents(), kappa.replayEvents(), kappa.eventsProcessed())));
      run.heading("Batch or stream, Lambda or Kappa");
      run.paragraph(String.format(Locale.ROOT, "A batch is exact because it runs on bounded data: it waits until"
          + " everything is in, and its invoice of %s is the sum of every request, one by one. A stream answers"
          + " within a minute but must guess when a window is complete: its watermark passed %d requests before"
          + " they arrived, and a dashboard that trusts it shows a customer %s less than the invoice will say."
          + " That is the reason to keep the batch as the source of truth for the legal invoice and the stream"
          + " for the dashboard (Lambda): the serving view is exact for every window a batch has covered, and"
          + " the gap closes at the batch run, for a price: two code paths that must compute the same thing (a"
          + " pricing change must be made in both), and %d events processed instead of %d, because every batch"
          + " run reads the whole log again. Kappa keeps one code path: its stream keeps windows open %s for"
          + " late usage, so the late requests are counted when they arrive, and a change of logic is a new"
          + " version replaying the retained log, which here cost %d more events and %s of catch-up while the"
          + " old version kept serving. It needs the log to retain the whole period: a replay cannot reach"
          + " back past the earliest retained offset.", dollars(invoice), streaming.sideOutputEvents(),
          dollars(gap(Variant.STREAMING_ONLY)), lambda.eventsProcessed(), streaming.eventsProcessed(),
          human(KAPPA_LATENESS_MS), kappa.replayEvents(), humanNanos(kappa.catchUpNanos())));
      table(run, invoice);
      charts(run);
      metrics(run, invoice);
      checks(run, invoice);
    }

    private void table(ScenarioRun run, long invoice) {
      Block.Table.Builder t = Block.Table.builder("variants", "Each architecture against the exact invoice (cents)",
          new Block.Column("variant", Unit.TEXT), new Block.Column("dashboard", Unit.COUNT),
          new Block.Column("invoice", Unit.COUNT), new Block.Column("gap", Unit.COUNT),
          new Block.Column("side output", Unit.COUNT), new Block.Column("events processed", Unit.COUNT),
          new Block.Column("code paths", Unit.TEXT));
      for (Variant v : Variant.values()) {
        Result r = get(v);
        t.row(v.key(), r.dashboardTotal(), invoiceTotal(pricing(v)), gap(v), r.sideOutputEvents(), r.eventsProcessed(),
            v == Variant.LAMBDA ? "stream and batch" : "stream");
      }
      run.add(t.build());
    }

    private void charts(ScenarioRun run) {
      Result streaming = get(Variant.STREAMING_ONLY);
      List<Block.Line> totals = new ArrayList<>();
      totals.add(new Block.Line("exact", streaming.sampleTimes(), exactSoFar(streaming, Pricing.V1)));
      totals.add(new Block.Line("exact, new price", streaming.sampleTimes(), exactSoFar(streaming, Pricing.V2)));
      List<Block.Line> gaps = new ArrayList<>();
      for (Variant v : Variant.values()) {
        Result r = get(v);
        totals.add(new Block.Line(v.key(), r.sampleTimes(), r.dashboard()));
        double[] exact = exactSoFar(r, pricing(v));
        double[] gap = new double[exact.length];
        for (int i = 0; i < gap.length; i++) {
          gap[i] = exact[i] - r.dashboard()[i];
        }
        gaps.add(new Block.Line(v.key(), r.sampleTimes(), gap));
      }
      run.add(new Block.TimeSeries("dashboard", "Dashboard vs exact charges of the usage so far (cents)", Unit.COUNT,
          totals));
      run.add(new Block.TimeSeries("gap", "Gap: exact minus dashboard (cents; kappa at the new price)", Unit.COUNT, gaps));
    }

    private void metrics(ScenarioRun run, long invoice) {
      run.metric("usageEvents", Unit.COUNT, periodUsage().size());
      run.metric("lateEvents", Unit.COUNT, lateEvents());
      run.metric("maxDelay", Unit.NANOSECONDS, maxDelayMs() * 1_000_000);
      run.metric("invoice", Unit.COUNT, invoice);
      run.metric("invoiceNewPrice", Unit.COUNT, invoiceTotal(Pricing.V2));
      for (Variant v : Variant.values()) {
        Result r = get(v);
        String k = v.key() + ".";
        run.metric(k + "dashboard", Unit.COUNT, r.dashboardTotal());
        run.metric(k + "gap", Unit.COUNT, gap(v));
        run.metric(k + "sideOutputEvents", Unit.COUNT, r.sideOutputEvents());
        run.metric(k + "sideOutputCents", Unit.COUNT, r.sideOutputCents(pricing(v)));
        run.metric(k + "eventsProcessed", Unit.COUNT, r.eventsProcessed());
      }
      run.metric("lambda.batchRuns", Unit.COUNT, get(Variant.LAMBDA).batchRuns());
      run.metric("lambda.batchEvents", Unit.COUNT, get(Variant.LAMBDA).batchEvents());
      run.metric("lambda.speedEvents", Unit.COUNT, get(Variant.LAMBDA).streamEvents());
      run.metric("lambda.gapBeforeFinalBatch", Unit.COUNT, get(Variant.LAMBDA).gapBeforeFinalBatch());
      run.metric("lambda.speedLayerGap", Unit.COUNT, invoice - get(Variant.LAMBDA).speedLayerTotal());
      run.metric("kappa.firstVersionEvents", Unit.COUNT, get(Variant.KAPPA).streamEvents());
      run.metric("kappa.replayEvents", Unit.COUNT, get(Variant.KAPPA).replayEvents());
      run.metric("kappa.catchUp", Unit.NANOSECONDS, get(Variant.KAPPA).catchUpNanos());
    }

    private void checks(ScenarioRun run, long invoice) {
      Result streaming = get(Variant.STREAMING_ONLY);
      Result lambda = get(Variant.LAMBDA);
      Result kappa = get(Variant.KAPPA);
      run.check(Check.of("batchInvoiceIsTheSumOfAllUsage", invoice == usageTotal(Pricing.V1)
          && kappa.logRecords() == usage().size(),
          "the batch invoice is the exact sum of every request of the period, and the log holds every request",
          Metric.count("invoice", invoice), Metric.count("usageTotal", usageTotal(Pricing.V1)),
          Metric.count("logRecords", kappa.logRecords())));
      run.check(Check.of("streamingOnlyGapIsTheSideOutput", gap(Variant.STREAMING_ONLY) > 0
          && gap(Variant.STREAMING_ONLY) == streaming.sideOutputCents(Pricing.V1),
          "the streaming-only dashboard is short of the invoice by exactly the late usage it side-output",
          Metric.count("gap", gap(Variant.STREAMING_ONLY)),
          Metric.count("sideOutputCents", streaming.sideOutputCents(Pricing.V1))));
      run.check(Check.of("lambdaBatchClosesTheSpeedLayersGap", invoice - lambda.speedLayerTotal() > 0
          && invoice - lambda.speedLayerTotal() == gap(Variant.STREAMING_ONLY)
          && lambda.finalTable().equals(invoice(Pricing.V1)),
          "the Lambda speed layer alone is short by what the stream alone is short; after the final batch the serving"
          + " view equals the invoice, window by window",
          Metric.count("speedLayerGap", invoice - lambda.speedLayerTotal()),
          Metric.count("gapBeforeFinalBatch", lambda.gapBeforeFinalBatch()), Metric.count("gap", gap(Variant.LAMBDA))));
      run.check(Check.of("kappaAfterCatchUpMatchesTheBatchUnderTheNewPrice", kappa.catchUpNanos() > 0
          && kappa.finalTable().equals(invoice(Pricing.V2)) && kappa.replayEvents() == kappa.logRecords(),
          "the replayed version caught up, read the whole log, and serves the batch invoice under the new price,"
          + " window by window",
          Metric.nanos("catchUp", kappa.catchUpNanos()), Metric.count("replayEvents", kappa.replayEvents()),
          Metric.count("gap", gap(Variant.KAPPA))));
    }
  }

  private static String dollars(long cents) {
    return String.format(Locale.ROOT, "%s$%,d.%02d", cents < 0 ? "-" : "", Math.abs(cents) / 100, Math.abs(cents) % 100);
  }

  private static String human(long millis) {
    return Durations.human(millis * 1_000_000);
  }

  private static String humanNanos(long nanos) {
    return Durations.human(nanos);
  }

  private static String percent(long part, long whole) {
    return String.format(Locale.ROOT, "%.1f%%", 100.0 * part / Math.max(1, whole));
  }
}
