package dev.caplab.check;

import dev.caplab.config.Require;
import dev.caplab.history.History;
import dev.caplab.history.Operation;
import dev.caplab.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether a history is linearizable with respect to a {@link Model}: whether every
 * operation can be given one instant between its invocation and its completion such that, in
 * that order, the model produces every recorded result.
 *
 * <p>The search is Wing-Gong-Lowe with memoisation of (linearized set, state), as in Porcupine.
 * Before searching: {@code fail} operations are dropped (they did not take effect); operations of
 * unknown outcome ({@code info}, or never completed) may take effect at any time after their
 * invocation or never, and unknown reads are dropped (they constrain nothing). A {@link
 * Model#perKey() per-key} model is checked one key at a time (P-compositionality: a map of
 * registers is linearizable iff each register is), which keeps large key-value histories cheap.
 *
 * <p>Budgets: a maximum duration measured on the configured {@link Ticker} (for all keys
 * together) and a maximum number of memoised states held at once (which bounds memory). When either
 * runs out the verdict is {@link Verdict#UNKNOWN}, never a guess. Defaults: no time limit,
 * {@link #DEFAULT_MAX_STATES} states, {@link Ticker#system()}.
 *
 * <p>Immutable and thread-safe; each {@link #check} call has its own search state.
 */
public final class Linearizability {

  /**
   * Default maximum number of memoised states held at once (all keys whose search is still
   * running): with a few dozen bytes each, a few hundred MB at worst.
   */
  public static final long DEFAULT_MAX_STATES = 5_000_000L;

  /** States a key may add before the next key's turn; doubles every round. */
  private static final long INITIAL_SLICE = 1 << 12;

  private static final Linearizability DEFAULTS = custom().build();

  private final Duration maxDuration;
  private final long maxStates;
  private final Ticker ticker;
  private final Progress progress;

  private Linearizability(Builder b) {
    this.maxDuration = b.maxDuration;
    this.maxStates = b.maxStates;
    this.ticker = b.ticker;
    this.progress = b.progress;
  }

  /**
   * Told after each round of the search (every key still undecided has had its slice), so that a
   * long check can show how far it got. Called on the checking thread; it must not throw.
   */
  @FunctionalInterface
  public interface Progress {
    /**
     * @param keysDone keys found linearizable so far
     * @param keys all keys of the history (1 for a single register)
     * @param states memoised states explored so far, over all keys
     */
    void round(int keysDone, int keys, long states);
  }

  /** A checker with every setting at its default. */
  public static Linearizability ofDefaults() {
    return DEFAULTS;
  }

  /** Starts a checker configuration from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** The time budget, or {@code null} for none. */
  public Duration maxDuration() {
    return maxDuration;
  }

  /** The state budget: memoised states held at once. */
  public long maxStates() {
    return maxStates;
  }

  /**
   * Checks {@code history} against {@code model}.
   *
   * @throws IllegalArgumentException if the history uses a function the model lacks, or several
   *     keys with a model that is not per key
   */
  public <S> LinearizabilityResult check(History history, Model<S> model) {
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(model, "model");
    Map<String, List<Operation>> parts = partition(history, model);
    long start = ticker.nanos();
    long deadline = maxDuration == null ? Long.MAX_VALUE : start + maxDuration.toNanos();
    int ops = history.operations().size();
    List<WglSearch<S>> live = new ArrayList<>(parts.size());
    for (Map.Entry<String, List<Operation>> part : parts.entrySet()) {
      live.add(new WglSearch<>(part.getValue(), model, part.getKey()));
    }
    // Round-robin with doubling slices: a key that is refuted quickly is found before a key
    // whose search is long, as if the keys were searched in parallel, and deterministically.
    long finishedStates = 0;
    long slice = INITIAL_SLICE;
    // One state past the budget shows it is exhausted; for an unlimited budget (Long.MAX_VALUE)
    // maxStates + 1 would wrap negative and pause the search after every state, so that the
    // time budget (read every few thousand steps of one run) was never checked.
    long pauseLimit = maxStates == Long.MAX_VALUE ? Long.MAX_VALUE : maxStates + 1;
    while (!live.isEmpty()) {
      long liveStates = 0;
      for (Iterator<WglSearch<S>> it = live.iterator(); it.hasNext(); ) {
        WglSearch<S> search = it.next();
        long pauseAt = Math.min(search.states() + slice, pauseLimit);
        WglSearch.Outcome out = search.run(ticker, deadline, pauseAt);
        if (out == null) {
          liveStates += search.states();
          continue;
        }
        it.remove();
        finishedStates += out.states();
        switch (out.verdict()) {
          case FALSE -> {
            return new LinearizabilityResult(Verdict.FALSE, ops, out.counterexample(),
                finishedStates + statesOf(live), "");
          }
          case UNKNOWN -> {
            return new LinearizabilityResult(Verdict.UNKNOWN, ops, null,
                finishedStates + statesOf(live), out.note());
          }
          case TRUE -> {
            // this key is linearizable
          }
          default -> throw new AssertionError(out.verdict());
        }
      }
      if (liveStates > maxStates) {
        return new LinearizabilityResult(Verdict.UNKNOWN, ops, null, finishedStates + liveStates,
            "state budget of " + maxStates + " exhausted");
      }
      if (progress != null) {
        progress.round(parts.size() - live.size(), parts.size(), finishedStates + liveStates);
      }
      slice = Math.min(slice * 2, maxStates);
    }
    return new LinearizabilityResult(Verdict.TRUE, ops, null, finishedStates, "");
  }

  private static long statesOf(List<? extends WglSearch<?>> searches) {
    long n = 0;
    for (WglSearch<?> s : searches) {
      n += s.states();
    }
    return n;
  }

  /** The operations that matter, grouped by key in order of first use. */
  private static Map<String, List<Operation>> partition(History history, Model<?> model) {
    Map<String, List<Operation>> parts = new LinkedHashMap<>();
    for (Operation op : history.operations()) {
      if (!model.functions().contains(op.f())) {
        throw new IllegalArgumentException("model " + model.name() + " does not support "
            + op.f().wireName() + " (supports: "
            + String.join(", ", Models.wireNames(model.functions())) + "); found in " + op);
      }
      if (!model.perKey() && !parts.isEmpty() && !parts.containsKey(op.key())) {
        throw new IllegalArgumentException("model " + model.name() + " checks one register but"
            + " the history has keys " + keyName(parts.keySet().iterator().next()) + " and "
            + keyName(op.key()) + "; use model kv");
      }
      List<Operation> part = parts.computeIfAbsent(op.key(), k -> new ArrayList<>());
      boolean noEffect = op.status() == Operation.Status.FAIL;
      boolean unknownRead =
          op.status() == Operation.Status.INFO && op.f() == dev.caplab.history.Op.Fn.READ;
      if (!noEffect && !unknownRead) {
        part.add(op);
      }
    }
    return parts;
  }

  private static String keyName(String key) {
    return key == null ? "(none)" : "\"" + key + "\"";
  }

  @Override
  public String toString() {
    return "Linearizability[maxDuration=" + maxDuration + ", maxStates=" + maxStates + "]";
  }

  /** Mutable builder; not thread-safe. */
  public static final class Builder {
    private Duration maxDuration;
    private long maxStates = DEFAULT_MAX_STATES;
    private Ticker ticker = Ticker.system();
    private Progress progress;

    private Builder() {}

    /** Gives up with UNKNOWN after this long on the ticker; {@code null} means no limit. */
    public Builder maxDuration(Duration maxDuration) {
      this.maxDuration = maxDuration == null ? null : Require.positive("maxDuration", maxDuration);
      return this;
    }

    /** Gives up with UNKNOWN once the running searches hold more than this many states. */
    public Builder maxStates(long maxStates) {
      this.maxStates = Require.atLeast("maxStates", maxStates, 1L);
      return this;
    }

    /** The time source for {@link #maxDuration}. */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** Told after each round of the search; {@code null} (the default) for none. */
    public Builder progress(Progress progress) {
      this.progress = progress;
      return this;
    }

    /** The checker. */
    public Linearizability build() {
      return new Linearizability(this);
    }
  }
}
