package dev.caplab.net;

import dev.caplab.config.Require;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A weighted mixture of latency models: each sample comes from one component, chosen with
 * probability proportional to its weight. Models a bimodal link ("91.22% of packets take the fast
 * path, 8.78% hit a retransmit") or a fleet of mixed hosts.
 *
 * <p>Weights are relative and normalised at {@link Builder#build()}, so {@code 91.22, 8.78} and
 * {@code 0.9122, 0.0878} build the same mixture. A sample costs one uniform draw to pick the
 * component (binary search over cumulative probabilities, no allocation) plus the component's own
 * draws.
 *
 * <p>Immutable, thread-safe (the builder is not thread-safe).
 */
public final class Mixture implements LatencyModel {

  private final LatencyModel[] components;
  /** Normalised weights, in component order. */
  private final double[] probabilities;
  /** Running sums of {@link #probabilities}; the last is exactly 1.0. */
  private final double[] cumulative;

  private Mixture(List<LatencyModel> components, List<Double> weights, double totalWeight) {
    int n = components.size();
    this.components = components.toArray(new LatencyModel[0]);
    this.probabilities = new double[n];
    this.cumulative = new double[n];
    double running = 0;
    for (int i = 0; i < n; i++) {
      probabilities[i] = weights.get(i) / totalWeight;
      running += probabilities[i];
      cumulative[i] = running;
    }
    cumulative[n - 1] = 1.0; // absorb rounding, so every draw in [0, 1) finds a component
  }

  /** Starts an empty mixture; add at least one component. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public long sampleNanos(RandomGenerator random) {
    double u = random.nextDouble();
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) { // first index whose cumulative probability exceeds u
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return components[lo].sampleNanos(random);
  }

  /** The weighted mean of the components' means; infinite if any component's mean is. */
  @Override
  public double meanNanos() {
    double mean = 0;
    for (int i = 0; i < components.length; i++) {
      if (probabilities[i] > 0) { // a weight that underflowed to 0 is never picked: skip 0 * inf
        mean += probabilities[i] * components[i].meanNanos();
      }
    }
    return mean;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("mixture(");
    for (int i = 0; i < components.length; i++) {
      s.append(i == 0 ? "" : ", ")
          .append(percent(probabilities[i]))
          .append("% ")
          .append(components[i]);
    }
    return s.append(')').toString();
  }

  /** {@code probability} in percent with at most three decimals, trailing zeros dropped: "91.22", "5". */
  private static String percent(double probability) {
    String s = String.format(Locale.ROOT, "%.3f", 100 * probability);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  /** Collects weighted components; validates each as it is added. Not thread-safe. */
  public static final class Builder {

    private final List<LatencyModel> components = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();
    private double totalWeight;

    private Builder() {}

    /**
     * Adds {@code component} with relative {@code weight} (finite and {@code > 0}; weights need
     * not sum to 1).
     */
    public Builder add(double weight, LatencyModel component) {
      Require.greaterThan("weight", Require.finite("weight", weight), 0.0);
      Objects.requireNonNull(component, "component");
      double total = totalWeight + weight;
      Require.requireArgument(Double.isFinite(total), "total weight must be finite, got %s + %s", totalWeight, weight);
      components.add(component);
      weights.add(weight);
      totalWeight = total;
      return this;
    }

    /** The mixture of the components added so far; the builder may be reused afterwards. */
    public Mixture build() {
      if (components.isEmpty()) {
        throw new IllegalStateException("mixture needs at least one component");
      }
      return new Mixture(components, weights, totalWeight);
    }
  }
}
