package dev.caplab.report;

import dev.caplab.time.Durations;
import java.util.ArrayList;
import java.util.List;

/**
 * A chart axis: maps values in {@code [lo, hi]} onto a pixel range, linearly or on a log scale,
 * and picks round tick values (1, 2 or 5 times a power of ten) a reader can take in at a glance.
 *
 * <p>Immutable and thread-safe.
 */
final class Axis {

  /** About how many ticks a linear axis gets. */
  private static final int TARGET_TICKS = 8;
  /** A log axis with more 1-2-5 ticks than this keeps the powers of ten only. */
  private static final int MAX_LOG_TICKS = 12;
  private static final double[] STEPS = {1, 2, 5};

  private final double lo;
  private final double hi;
  private final boolean log;
  private final double from;
  private final double to;

  private Axis(double lo, double hi, boolean log, double from, double to) {
    this.lo = lo;
    this.hi = hi;
    this.log = log;
    this.from = from;
    this.to = to;
  }

  /** A linear axis for exactly {@code [lo, hi]} (widened to one unit if empty), drawn from pixel {@code from} to {@code to}. */
  static Axis linear(double lo, double hi, double from, double to) {
    return new Axis(lo, hi > lo ? hi : lo + 1, false, from, to);
  }

  /** A linear axis widened to round ticks at both ends. */
  static Axis niceLinear(double lo, double hi, double from, double to) {
    if (!(hi > lo)) {
      double pad = lo == 0 ? 1 : Math.abs(lo) / 2;
      lo -= pad;
      hi += pad;
    }
    double step = step(hi - lo);
    return new Axis(Math.floor(lo / step) * step, Math.ceil(hi / step) * step, false, from, to);
  }

  /**
   * A log axis from the largest 1-2-5 value at or below {@code min} to the smallest at or above
   * {@code max} ({@code min} is raised to at least 1).
   */
  static Axis log(double min, double max, double from, double to) {
    double lo = roundDown(Math.max(1, min));
    double hi = roundUp(Math.max(max, lo));
    if (hi <= lo) {
      hi = roundUp(lo * 1.5);
    }
    return new Axis(lo, hi, true, from, to);
  }

  boolean isLog() {
    return log;
  }

  double lo() {
    return lo;
  }

  double hi() {
    return hi;
  }

  /** The pixel of {@code v}; values outside the axis are clamped to its ends. */
  double at(double v) {
    double c = Math.min(hi, Math.max(lo, v));
    double f = log ? (Math.log10(c) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (c - lo) / (hi - lo);
    return from + f * (to - from);
  }

  /** The tick values, ascending, all within the axis. */
  double[] ticks() {
    return ticks(TARGET_TICKS);
  }

  /** The tick values, about {@code target} of them on a linear axis. */
  double[] ticks(int target) {
    List<Double> ticks = new ArrayList<>();
    if (log) {
      for (boolean all : new boolean[] {true, false}) {
        ticks.clear();
        for (double decade = Math.pow(10, Math.floor(Math.log10(lo))); decade <= hi; decade *= 10) {
          for (double s : all ? STEPS : new double[] {1}) {
            double v = s * decade;
            if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) {
              ticks.add(v);
            }
          }
        }
        if (ticks.size() <= MAX_LOG_TICKS) {
          break;
        }
      }
    } else {
      double step = step(hi - lo, target);
      long first = (long) Math.ceil(lo / step - 1e-9);
      for (long k = first; k * step <= hi + step * 1e-9; k++) {
        ticks.add(k * step);
      }
    }
    return ticks.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The distance between linear ticks: 1, 2 or 5 times a power of ten, giving about {@link #TARGET_TICKS}. */
  static double step(double range) {
    return step(range, TARGET_TICKS);
  }

  /** The distance between linear ticks giving about {@code target} of them. */
  static double step(double range, int target) {
    double raw = range / Math.max(1, target);
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double s : STEPS) {
      if (s * magnitude >= raw * (1 - 1e-9)) {
        return s * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static double roundDown(double v) {
    double decade = Math.pow(10, Math.floor(Math.log10(v)));
    double best = decade;
    for (double s : STEPS) {
      if (s * decade <= v * (1 + 1e-9)) {
        best = s * decade;
      }
    }
    return best;
  }

  private static double roundUp(double v) {
    double decade = Math.pow(10, Math.floor(Math.log10(v)));
    for (double s : STEPS) {
      if (s * decade >= v * (1 - 1e-9)) {
        return s * decade;
      }
    }
    return 10 * decade;
  }

  /**
   * Ticks and labels for a linear axis of simulated time {@code [lo, hi]} (nanoseconds), labelled
   * with {@link Durations#human}. When three significant digits cannot tell neighbouring ticks
   * apart (a short window late in a run), the ticks count from {@code lo} instead, as {@code
   * +5.00ms}.
   */
  static TimeTicks timeTicks(double lo, double hi) {
    return timeTicks(lo, hi, TARGET_TICKS);
  }

  /** {@link #timeTicks(double, double)} with about {@code target} ticks. */
  static TimeTicks timeTicks(double lo, double hi, int target) {
    double[] ticks = linear(lo, hi, 0, 1).ticks(target);
    String[] labels = new String[ticks.length];
    boolean distinct = true;
    for (int i = 0; i < ticks.length; i++) {
      labels[i] = human(Math.round(ticks[i]));
      distinct &= i == 0 || !labels[i].equals(labels[i - 1]);
    }
    if (distinct) {
      return new TimeTicks(ticks, labels, false);
    }
    double[] offsets = linear(0, hi - lo, 0, 1).ticks(target);
    double[] values = new double[offsets.length];
    String[] relative = new String[offsets.length];
    for (int i = 0; i < offsets.length; i++) {
      values[i] = lo + offsets[i];
      relative[i] = "+" + human(Math.round(offsets[i]));
    }
    return new TimeTicks(values, relative, true);
  }

  /**
   * The ticks of a time axis: where they are (nanoseconds), what they say, and whether they count
   * from the axis's start rather than from time 0.
   */
  record TimeTicks(double[] values, String[] labels, boolean relative) {}

  /** {@link Durations#human} that also takes negative values. */
  static String human(long nanos) {
    return nanos < 0 ? "-" + Durations.human(-nanos) : Durations.human(nanos);
  }
}
