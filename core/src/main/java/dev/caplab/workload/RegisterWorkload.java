package dev.caplab.workload;

import dev.caplab.config.Require;
import dev.caplab.history.HistoryRecorder;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.node.NodeOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A ready-made register (or key-value) workload for checking a system with {@code
 * dev.caplab.check.Linearizability}: client nodes that read and write keys of the system under
 * test through its own messages, and record every operation into a {@link HistoryRecorder}. Each
 * write carries a value no other write uses (client number times a billion, plus a counter), so a
 * read tells which write it saw; a write that times out is recorded as {@code info} (it may have
 * taken effect), a read that times out, or any refused operation, as {@code fail}; a client that
 * crashes and restarts abandons its open operation as {@code info}.
 *
 * <pre>{@code
 * HistoryRecorder history = new HistoryRecorder();
 * RegisterWorkload.custom().targets("r1", "r2").keys("x", "y").build()
 *     .install(cluster, 3, protocol, history);   // clients c0, c1, c2
 * sim.runFor(Duration.ofSeconds(10));
 * Linearizability.ofDefaults().check(history.history(), Models.kv(null));
 * }</pre>
 *
 * <p>Immutable and thread-safe; the clients it installs run on their nodes' threads.
 */
public final class RegisterWorkload {

  /** Default share of reads: half. */
  public static final double DEFAULT_READ_FRACTION = 0.5;
  /** Default mean pause between a client's operations (exponentially distributed): 10 ms. */
  public static final Duration DEFAULT_MEAN_PAUSE = Duration.ofMillis(10);
  /** Default time a client waits for a reply: 100 ms. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(100);
  /** Default end of the workload: 10 s of virtual time (the run may go on; clients stop asking). */
  public static final Duration DEFAULT_UNTIL = Duration.ofSeconds(10);
  /** Default client name prefix: clients are c0, c1, ... */
  public static final String DEFAULT_PREFIX = "c";

  private final List<String> targets;
  private final List<String> keys;
  private final double readFraction;
  private final Duration meanPause;
  private final Duration timeout;
  private final Duration until;
  private final String prefix;

  private RegisterWorkload(Builder b) {
    this.targets = List.copyOf(b.targets);
    this.keys = b.keys;
    this.readFraction = b.readFraction;
    this.meanPause = b.meanPause;
    this.timeout = b.timeout;
    this.until = b.until;
    this.prefix = b.prefix;
  }

  /** Starts configuring a workload; {@link Builder#targets} is required. */
  public static Builder custom() {
    return new Builder();
  }

  /** The nodes clients send to; client i talks to target i mod their number. */
  public List<String> targets() {
    return targets;
  }

  /** The keys operations pick from, uniformly (a single null key for a one-register system). */
  public List<String> keys() {
    return keys;
  }

  public double readFraction() {
    return readFraction;
  }

  public Duration meanPause() {
    return meanPause;
  }

  public Duration timeout() {
    return timeout;
  }

  public Duration until() {
    return until;
  }

  /**
   * Adds {@code clients} client nodes to {@code cluster} (marked as clients, so a nemesis leaves
   * them alone unless told otherwise), named with the prefix and their process number; client i
   * records as history process i.
   *
   * @throws IllegalArgumentException if {@code clients} is not positive or a target is unknown
   */
  public List<NodeId> install(Cluster cluster, int clients, RegisterProtocol protocol, HistoryRecorder recorder) {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(recorder, "recorder");
    Require.atLeast("clients", clients, 1);
    for (String t : targets) {
      cluster.id(t);
    }
    NodeOptions asClient = NodeOptions.custom().client(true).build();
    List<NodeId> ids = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      int process = i;
      String target = targets.get(i % targets.size());
      ids.add(cluster.add(prefix + i, asClient, () -> new RegisterClient(this, process, target, protocol, recorder)));
    }
    return ids;
  }

  @Override
  public String toString() {
    return "RegisterWorkload{targets=" + targets + ", keys=" + keys + ", readFraction=" + readFraction
        + ", meanPause=" + meanPause + ", timeout=" + timeout + ", until=" + until + "}";
  }

  /** Builds a {@link RegisterWorkload}. Not thread-safe. */
  public static final class Builder {
    private List<String> targets = List.of();
    private List<String> keys = Arrays.asList((String) null);
    private double readFraction = DEFAULT_READ_FRACTION;
    private Duration meanPause = DEFAULT_MEAN_PAUSE;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration until = DEFAULT_UNTIL;
    private String prefix = DEFAULT_PREFIX;

    private Builder() {}

    /** The node names the clients send their requests to. */
    public Builder targets(String... names) {
      Require.requireArgument(names.length > 0, "targets must name at least one node, got none");
      for (String n : names) {
        Objects.requireNonNull(n, "targets must not contain null");
      }
      this.targets = List.of(names);
      return this;
    }

    /** The keys to read and write (default: one register with no key). */
    public Builder keys(String... keys) {
      Require.requireArgument(keys.length > 0, "keys must name at least one key, got none");
      for (String k : keys) {
        Objects.requireNonNull(k, "keys must not contain null (the default is the single keyless register)");
      }
      this.keys = List.of(keys);
      return this;
    }

    /** The share of operations that are reads, in [0, 1]. */
    public Builder readFraction(double fraction) {
      this.readFraction = Require.between("readFraction", fraction, 0, 1);
      return this;
    }

    /** The mean of the exponential pause between a client's operations, > 0. */
    public Builder meanPause(Duration mean) {
      this.meanPause = Require.positive("meanPause", mean);
      return this;
    }

    /** How long a client waits for a reply, > 0. */
    public Builder timeout(Duration timeout) {
      this.timeout = Require.positive("timeout", timeout);
      return this;
    }

    /** When clients stop starting operations, virtual time, > 0. */
    public Builder until(Duration until) {
      this.until = Require.positive("until", until);
      return this;
    }

    /** The client name prefix (default "c"). */
    public Builder prefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /**
     * The workload.
     *
     * @throws IllegalStateException if no target was named
     */
    public RegisterWorkload build() {
      Require.requireState(!targets.isEmpty(), "name the nodes the clients talk to with targets(...) before build()");
      return new RegisterWorkload(this);
    }
  }
}
