package dev.caplab.net;

import dev.caplab.config.Require;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How one directed link behaves: its latency (optionally per message kind), loss and duplication
 * probabilities, and whether it keeps FIFO order.
 *
 * <p>A network has a default profile and per-link overrides. The message kind is the payload's
 * class: a profile can make write requests slower than reads, or give each leg of a quorum
 * protocol its own distribution (as the PBS paper's W, A, R, S legs).
 *
 * <p>Immutable and thread-safe. Defaults: {@link #DEFAULT_LATENCY}, no loss, no duplication, no
 * FIFO guarantee (messages can overtake each other, as datagrams do).
 */
public final class LinkProfile {

  /** Default latency: a constant 1 ms. */
  public static final LatencyModel DEFAULT_LATENCY =
      LatencyModel.constant(java.time.Duration.ofMillis(1));
  /** Default loss probability. */
  public static final double DEFAULT_LOSS = 0.0;
  /** Default duplication probability. */
  public static final double DEFAULT_DUPLICATION = 0.0;
  /** Default ordering: not FIFO. */
  public static final boolean DEFAULT_FIFO = false;

  private static final LinkProfile DEFAULTS = custom().build();

  private final LatencyModel latency;
  private final Map<Class<?>, LatencyModel> latencyByKind;
  private final boolean byKind; // whether latencyByKind has entries: saves two calls per send
  private final double loss;
  private final double duplication;
  private final boolean fifo;

  private LinkProfile(Builder b) {
    this.latency = b.latency;
    this.latencyByKind = Collections.unmodifiableMap(new LinkedHashMap<>(b.latencyByKind));
    this.byKind = !b.latencyByKind.isEmpty();
    this.loss = b.loss;
    this.duplication = b.duplication;
    this.fifo = b.fifo;
  }

  /** The profile with every setting at its default. */
  public static LinkProfile ofDefaults() {
    return DEFAULTS;
  }

  /** Starts a profile from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** Starts a profile from {@code base}'s settings. */
  public static Builder from(LinkProfile base) {
    Builder b = new Builder();
    b.latency = base.latency;
    b.latencyByKind.putAll(base.latencyByKind);
    b.loss = base.loss;
    b.duplication = base.duplication;
    b.fifo = base.fifo;
    return b;
  }

  /** The latency for messages without a kind-specific model. */
  public LatencyModel latency() {
    return latency;
  }

  /** The latency for a payload of this class: its own model if configured, else the default. */
  public LatencyModel latencyFor(Class<?> kind) {
    if (!byKind) {
      return latency;
    }
    LatencyModel m = latencyByKind.get(kind);
    return m != null ? m : latency;
  }

  /** Kind-specific latencies, in the order they were configured. */
  public Map<Class<?>, LatencyModel> latencyByKind() {
    return latencyByKind;
  }

  public double loss() {
    return loss;
  }

  public double duplication() {
    return duplication;
  }

  public boolean fifo() {
    return fifo;
  }

  /**
   * Describes the profile. The network traces link changes with this text, so it must not depend
   * on identity: a latency model without a {@code toString} of its own is shown by class name.
   */
  @Override
  public String toString() {
    StringBuilder byKind = new StringBuilder();
    for (Map.Entry<Class<?>, LatencyModel> e : latencyByKind.entrySet()) {
      byKind.append(byKind.length() == 0 ? ", byKind={" : ", ")
          .append(e.getKey().getName()).append('=').append(describe(e.getValue()));
    }
    if (byKind.length() > 0) {
      byKind.append('}');
    }
    return "LinkProfile{latency=" + describe(latency) + byKind
        + ", loss=" + loss + ", duplication=" + duplication + ", fifo=" + fifo + "}";
  }

  /**
   * A model's own description, or its class name when it has none: {@code Object.toString}
   * embeds an identity hash code, which differs between instances and JVMs.
   */
  private static String describe(LatencyModel model) {
    try {
      if (model.getClass().getMethod("toString").getDeclaringClass() == Object.class) {
        return model.getClass().getName();
      }
    } catch (NoSuchMethodException e) {
      throw new AssertionError("every class has a public toString", e);
    }
    return model.toString();
  }

  /** Builds a {@link LinkProfile}; every setter validates its argument at once. */
  public static final class Builder {
    private LatencyModel latency = DEFAULT_LATENCY;
    private final Map<Class<?>, LatencyModel> latencyByKind = new LinkedHashMap<>();
    private double loss = DEFAULT_LOSS;
    private double duplication = DEFAULT_DUPLICATION;
    private boolean fifo = DEFAULT_FIFO;

    private Builder() {}

    /** Latency of every message kind without its own model. */
    public Builder latency(LatencyModel latency) {
      this.latency = Objects.requireNonNull(latency, "latency");
      return this;
    }

    /** Latency of messages whose payload class is exactly {@code kind}. */
    public Builder latency(Class<?> kind, LatencyModel latency) {
      latencyByKind.put(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(latency, "latency"));
      return this;
    }

    /** Probability in [0, 1] that a message is lost. */
    public Builder loss(double probability) {
      this.loss = Require.between("loss", probability, 0.0, 1.0);
      return this;
    }

    /** Probability in [0, 1] that a message is delivered twice. */
    public Builder duplication(double probability) {
      this.duplication = Require.between("duplication", probability, 0.0, 1.0);
      return this;
    }

    /** Whether messages on this link arrive in the order they were sent. */
    public Builder fifo(boolean fifo) {
      this.fifo = fifo;
      return this;
    }

    public LinkProfile build() {
      return new LinkProfile(this);
    }
  }
}
