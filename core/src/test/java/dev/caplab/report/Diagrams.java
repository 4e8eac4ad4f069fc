package dev.caplab.report;

import dev.caplab.fault.Fault;
import dev.caplab.fault.TimedFault;
import dev.caplab.metrics.LatencySummary;
import dev.caplab.sim.TraceEvent;
import dev.caplab.sim.TraceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Made-up diagrams and reports of a chosen size, for the size, speed and browser tests. */
final class Diagrams {

  static final long MS = 1_000_000L;

  private Diagrams() {}

  /** The names {@code n0}...{@code n(count-1)}. */
  static List<String> names(int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add("n" + i);
    }
    return names;
  }

  /**
   * A trace journal of {@code sends} messages among {@code nodes} nodes over {@code seconds} of
   * virtual time: most delivered within 1-20 ms, some dropped, the last ones still in flight.
   */
  static List<TraceEvent> journal(int sends, int nodes, int seconds, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long span = seconds * 1000 * MS;
    List<TraceEvent> events = new ArrayList<>(2 * sends);
    for (int i = 0; i < sends; i++) {
      long at = span * i / sends;
      int from = random.nextInt(nodes);
      int to = (from + 1 + random.nextInt(nodes - 1)) % nodes;
      events.add(new TraceEvent(at, TraceKind.SEND, from, to, i, "Ping"));
      double fate = random.nextDouble();
      long arrives = at + MS + random.nextLong(19 * MS);
      if (arrives >= span) {
        continue; // still in flight at the end
      }
      if (fate < 0.05) {
        events.add(new TraceEvent(at, TraceKind.DROP, from, to, i, "LOSS"));
      } else if (fate < 0.08) {
        events.add(new TraceEvent(arrives, TraceKind.DROP, from, to, i, "PARTITION"));
      } else {
        events.add(new TraceEvent(arrives, TraceKind.DELIVER, from, to, i, "Ping"));
      }
    }
    events.sort((a, b) -> Long.compare(a.time(), b.time()));
    return events;
  }

  /** A diagram of a journal of {@code sends} messages (thinned by the builder beyond its limit), with faults and operations. */
  static SpaceTime diagram(int sends, int nodes, int seconds, long seed) {
    List<TimedFault> faults = List.of(
        new TimedFault(Duration.ofMillis(seconds * 300L), Fault.Partition.of(List.of("n0", "n1"))),
        new TimedFault(Duration.ofMillis(seconds * 500L), new Fault.Heal()));
    SpaceTime.Builder b = SpaceTime.builder("big", "a busy window", names(nodes), 0, seconds * 1000 * MS)
        .trace(withCrash(journal(sends, nodes, seconds, seed), seconds))
        .faults(faults);
    SplittableRandom random = new SplittableRandom(seed + 1);
    SpaceTime.Outcome[] outcomes = SpaceTime.Outcome.values();
    for (int i = 0; i < 400; i++) {
      long at = seconds * 1000 * MS * i / 400;
      b.operation(random.nextInt(nodes), at, at + 5 * MS + random.nextLong(20 * MS), "op " + i,
          outcomes[i % outcomes.length]);
    }
    return b.build();
  }

  private static List<TraceEvent> withCrash(List<TraceEvent> journal, int seconds) {
    List<TraceEvent> events = new ArrayList<>(journal);
    events.add(new TraceEvent(seconds * 600L * MS, TraceKind.CRASH, 2, -1, 0, "crash"));
    events.add(new TraceEvent(seconds * 700L * MS, TraceKind.RESTART, 2, -1, 0, "restart"));
    events.sort((a, b) -> Long.compare(a.time(), b.time()));
    return events;
  }

  /** A report holding one diagram (and a chart and a table, so a page has every kind of figure). */
  static Report report(SpaceTime diagram) {
    Header h = new Header("big-window", "What does a busy window look like?", "", 1, "0123456789abcdef",
        diagram.toNanos(), "caplab run big-window --seed 1");
    return Report.builder(h)
        .add(diagram)
        .add(new Block.Distribution("latency", "latency", List.of(new Block.Curve("all",
            new LatencySummary(3, 2e6, 2 * MS, 3 * MS, 3 * MS, 3 * MS, 3 * MS), new long[] {MS, 2 * MS, 3 * MS},
            new double[] {1 / 3.0, 2 / 3.0, 1}))))
        .add(Block.Table.builder("t", "a table", new Block.Column("k", Unit.TEXT)).row("v").build())
        .build();
  }
}
