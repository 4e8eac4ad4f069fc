package dev.caplab.examples.streaming.teamscores;

import static dev.caplab.examples.streaming.teamscores.Game.MINUTE_MS;

import dev.caplab.metrics.LatencyRecorder;
import dev.caplab.sim.Simulation;
import dev.caplab.streaming.window.LongAggregation;
import dev.caplab.streaming.window.Pane;
import dev.caplab.streaming.window.PaneKind;
import dev.caplab.streaming.window.Trigger;
import dev.caplab.streaming.window.WindowAssigner;
import dev.caplab.streaming.window.WindowConfig;
import dev.caplab.streaming.window.WindowedAggregator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One variant of the scoring pipeline on its own simulation: the game's scores reach a {@link
 * WindowedAggregator} at their arrival times on the simulated clock, and every {@link
 * #WATERMARK_EVERY_MS} of processing time the pipeline advances the watermark and polls early
 * firings. The <b>perfect</b> watermark knows the network: it is one below the earliest event time
 * of any score still under way (or yet to happen); the <b>heuristic</b> one trusts that no score is
 * more than {@link #HEURISTIC_BOUND_MS} behind: processing time minus that bound. At the end of the
 * run the input ends and the watermark goes to the end of time, as at the end of a bounded input.
 *
 * <p>Not thread-safe: one run, on the simulation's thread.
 */
final class Pipeline {

  static final long WINDOW_MS = 10 * MINUTE_MS;
  static final long SESSION_GAP_MS = 5 * MINUTE_MS;
  static final long HEURISTIC_BOUND_MS = 2 * MINUTE_MS;
  static final long ALLOWED_LATENESS_MS = 15 * MINUTE_MS;
  static final long EARLY_EVERY_MS = MINUTE_MS;
  static final long WATERMARK_EVERY_MS = 5_000;
  static final long SAMPLE_EVERY_MS = 30_000;
  /** Long enough for every reconnecting phone (at most a play's end plus the longest reconnect). */
  static final long RUN_MS = Game.GAME_MS + 30 * MINUTE_MS;
  private static final long NANOS_PER_MS = 1_000_000;

  /**
   * What one variant produced. {@code finals} is each window's final answer (the last pane, or the
   * sum of the panes when discarding; for sessions only the sessions no later pane superseded).
   */
  record Result(Variant variant, List<Score> scores, Map<Cell, Long> finals, List<Score> sideOutput,
      long[] panesByKind, int supersededWindows, LatencyRecorder firstResult, long maxLagMs, long[] sampleTimes,
      double[] lagSamples, double[] paneSamples) {

    long panes() {
      return Arrays.stream(panesByKind).sum();
    }

    long panes(PaneKind kind) {
      return panesByKind[kind.ordinal()];
    }

    long finalPoints() {
      return finals.values().stream().mapToLong(Long::longValue).sum();
    }

    long sideOutputPoints() {
      return sideOutput.stream().mapToLong(Score::points).sum();
    }

    /** The batch answer over every score this variant accepted (all but its side output). */
    Map<Cell, Long> acceptedTruth() {
      Set<Score> late = Collections.newSetFromMap(new IdentityHashMap<>());
      late.addAll(sideOutput);
      List<Score> accepted = scores.stream().filter(s -> !late.contains(s)).toList();
      return variant.sessions() ? BatchTruth.userSessions(accepted, SESSION_GAP_MS)
          : BatchTruth.teamWindows(accepted, WINDOW_MS);
    }
  }

  private final Simulation sim;
  private final Variant variant;
  private final List<Score> scores;
  private final long[] earliestFrom;
  private final WindowedAggregator<String, Long, Number> op;
  private final Map<String, List<Score>> waiting = new TreeMap<>();
  private final Map<Cell, Long> finals = new LinkedHashMap<>();
  private final List<Score> sideOutput = new ArrayList<>();
  private final long[] panesByKind = new long[PaneKind.values().length];
  private final LatencyRecorder firstResult = new LatencyRecorder();
  private final long[] sampleTimes = new long[(int) (RUN_MS / SAMPLE_EVERY_MS) + 1];
  private final double[] lagSamples = new double[sampleTimes.length];
  private final double[] paneSamples = new double[sampleTimes.length];
  private int samples;
  private int arrived;
  private Score current;
  private long maxLagMs;

  private Pipeline(Simulation sim, Variant variant) {
    this.sim = sim;
    this.variant = variant;
    this.scores = Game.play(sim.random("game"));
    this.earliestFrom = new long[scores.size() + 1];
    earliestFrom[scores.size()] = Long.MAX_VALUE;
    for (int i = scores.size() - 1; i >= 0; i--) {
      earliestFrom[i] = Math.min(earliestFrom[i + 1], scores.get(i).eventMillis());
    }
    WindowConfig config = WindowConfig.custom()
        .assigner(variant.sessions() ? WindowAssigner.session(Duration.ofMillis(SESSION_GAP_MS))
            : WindowAssigner.tumbling(Duration.ofMillis(WINDOW_MS)))
        .trigger(variant.discarding() ? Trigger.PURGING_EVENT_TIME : Trigger.EVENT_TIME)
        .allowedLateness(Duration.ofMillis(variant.allowsLateness() ? ALLOWED_LATENESS_MS : 0))
        .earlyFiringInterval(Duration.ofMillis(variant.earlyPanes() ? EARLY_EVERY_MS : 0))
        .build();
    this.op = WindowedAggregator.<String>longs(LongAggregation.SUM).config(config).ticker(sim.ticker())
        .lateDataOutput((key, points, ts, watermark) -> sideOutput(key)).build(this::pane);
  }

  /** Runs {@code variant} on {@code sim} (which must be fresh) and returns what it produced. */
  static Result run(Simulation sim, Variant variant) {
    return new Pipeline(sim, variant).run();
  }

  private Result run() {
    if (!scores.isEmpty()) {
      sim.scheduleAt(scores.get(0).arrivalMillis() * NANOS_PER_MS, this::arrive);
    }
    sim.scheduleAt(0, this::tick);
    sim.runForNanos(RUN_MS * NANOS_PER_MS);
    op.advanceWatermark(Long.MAX_VALUE); // the input ends
    int superseded = variant.sessions() ? dropSuperseded() : 0;
    Map<Cell, Long> sorted = new TreeMap<>(Cell.ORDER);
    sorted.putAll(finals);
    return new Result(variant, scores, Collections.unmodifiableMap(sorted), List.copyOf(sideOutput), panesByKind.clone(), superseded,
        firstResult, maxLagMs, Arrays.copyOf(sampleTimes, samples), Arrays.copyOf(lagSamples, samples),
        Arrays.copyOf(paneSamples, samples));
  }

  private String keyOf(Score s) {
    return variant.sessions() ? s.user() : s.team();
  }

  /** The next score arrives; the one after it is scheduled at its own arrival time. */
  private void arrive() {
    Score s = scores.get(arrived);
    current = s;
    waiting.computeIfAbsent(keyOf(s), k -> new ArrayList<>()).add(s);
    op.processLong(keyOf(s), s.points(), s.eventMillis());
    current = null;
    arrived++;
    if (arrived < scores.size()) {
      sim.scheduleAt(scores.get(arrived).arrivalMillis() * NANOS_PER_MS, this::arrive);
    }
  }

  private void sideOutput(String key) {
    sideOutput.add(current);
    waiting.get(key).remove(current);
  }

  private void tick() {
    long nowMs = sim.now() / NANOS_PER_MS;
    long watermark = variant.perfect() ? Math.min(nowMs, earliestFrom[arrived]) - 1 : nowMs - HEURISTIC_BOUND_MS - 1;
    op.advanceWatermark(watermark);
    op.onProcessingTime();
    long lag = nowMs - op.currentWatermark();
    maxLagMs = Math.max(maxLagMs, lag);
    if (nowMs % SAMPLE_EVERY_MS == 0) {
      sampleTimes[samples] = sim.now();
      lagSamples[samples] = lag * (double) NANOS_PER_MS;
      paneSamples[samples++] = Arrays.stream(panesByKind).sum();
    }
    if (nowMs + WATERMARK_EVERY_MS <= RUN_MS) {
      sim.schedule(WATERMARK_EVERY_MS * NANOS_PER_MS, this::tick);
    }
  }

  /** A pane: the window's answer so far; the first pane covering a waiting score times its latency. */
  private void pane(Pane<String, Number> p) {
    panesByKind[p.kind().ordinal()]++;
    Cell cell = new Cell(p.key(), p.window().start(), p.window().end());
    long value = p.value().longValue();
    if (variant.discarding()) {
      finals.merge(cell, value, Long::sum);
    } else {
      finals.put(cell, value);
    }
    List<Score> mine = waiting.get(p.key());
    long nowMs = sim.now() / NANOS_PER_MS;
    for (Iterator<Score> it = mine.iterator(); it.hasNext(); ) {
      Score s = it.next();
      if (cell.start() <= s.eventMillis() && s.eventMillis() < cell.end()) {
        firstResult.record((nowMs - s.eventMillis()) * NANOS_PER_MS);
        it.remove();
      }
    }
  }

  /**
   * Drops the sessions a later, larger session covers (they merged after they fired: their panes
   * stay emitted, since panes are never retracted) and returns how many.
   */
  private int dropSuperseded() {
    List<Cell> cells = new ArrayList<>(finals.keySet());
    int dropped = 0;
    for (Cell c : cells) {
      for (Cell other : cells) {
        if (!other.equals(c) && other.covers(c)) {
          finals.remove(c);
          dropped++;
          break;
        }
      }
    }
    return dropped;
  }
}
