package dev.caplab.report;

import dev.caplab.fault.Fault;
import dev.caplab.fault.TimedFault;
import dev.caplab.sim.TraceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A space-time (Lamport) diagram of a window of a run: one line per node, one arrow per message
 * from its send to its delivery (or to where it was dropped), nodes shaded while down, the
 * network shaded while partitioned, and client operations as bars coloured by outcome. Built from
 * the run's trace journal, its fault timeline and, optionally, its client operations.
 *
 * <p>A window of more than {@value #MAX_MESSAGES} messages keeps every k-th one and says how many
 * it left out ({@link #omittedMessages()}), so a report stays small and quick to open.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name a short identifier for the HTML anchor
 * @param title what the window shows
 * @param fromNanos start of the window, simulated nanoseconds
 * @param toNanos end of the window
 * @param nodes node names, by node index
 * @param messages the messages drawn, in send order
 * @param spans intervals a node was down or the network partitioned, by start time
 * @param operations client operations, in invocation order
 * @param omittedMessages messages of the window left out to keep the diagram readable
 */
public record SpaceTime(String name, String title, long fromNanos, long toNanos, List<String> nodes,
    List<Message> messages, List<Span> spans, List<Operation> operations, long omittedMessages) implements Block {

  /** The most messages a diagram draws. */
  public static final int MAX_MESSAGES = 100_000;

  public SpaceTime {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(title, "title");
    if (toNanos < fromNanos) {
      throw new IllegalArgumentException("toNanos must be >= fromNanos (" + fromNanos + "), got " + toNanos);
    }
    nodes = List.copyOf(nodes);
    messages = List.copyOf(messages);
    spans = List.copyOf(spans);
    operations = List.copyOf(operations);
    if (omittedMessages < 0) {
      throw new IllegalArgumentException("omittedMessages must be >= 0, got " + omittedMessages);
    }
  }

  /** What became of a message. */
  public enum Fate {
    DELIVERED, DROPPED, IN_FLIGHT
  }

  /**
   * One message: sent by node {@code from} at {@code sentAt}, and delivered to {@code to} (or
   * dropped, or still in flight) at {@code endAt}.
   *
   * @param type the message's type name
   * @param note why it was dropped, or empty
   */
  public record Message(int from, int to, long sentAt, long endAt, String type, Fate fate, String note) {}

  /** What a span shades. */
  public enum SpanKind {
    /** A node was down (crashed, not yet restarted). */
    DOWN,
    /** The network was partitioned (or had cut links). */
    PARTITIONED
  }

  /**
   * An interval: node {@code node} down, or (with {@code node} -1) the network partitioned.
   *
   * @param label what happened, e.g. {@code partition [a,b] [c]}
   */
  public record Span(int node, long from, long to, SpanKind kind, String label) {}

  /** How a client operation ended, as a diagram colours it. */
  public enum Outcome {
    /** Took effect, as expected. */
    OK,
    /** Did not take effect. */
    FAILED,
    /** Unknown: may or may not have taken effect. */
    UNKNOWN,
    /** A read that returned an older value than a write completed before it. */
    STALE,
    /** A write that was acknowledged and later lost. */
    LOST
  }

  /**
   * A client operation on node {@code node}'s line, from its invocation to its completion.
   *
   * @param label e.g. {@code write x=3}
   */
  public record Operation(int node, long invokedAt, long completedAt, String label, Outcome outcome) {}

  /** Starts a diagram of the window [fromNanos, toNanos] over these nodes (by index). */
  public static Builder builder(String name, String title, List<String> nodes, long fromNanos, long toNanos) {
    return new Builder(name, title, nodes, fromNanos, toNanos);
  }

  /** Collects a diagram's parts. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final String title;
    private final List<String> nodes;
    private final long from;
    private final long to;
    private final List<Message> messages = new ArrayList<>();
    private final List<Span> spans = new ArrayList<>();
    private final List<Operation> operations = new ArrayList<>();

    private Builder(String name, String title, List<String> nodes, long from, long to) {
      this.name = name;
      this.title = title;
      this.nodes = List.copyOf(nodes);
      this.from = from;
      this.to = to;
    }

    /**
     * Adds the messages and crashes of a trace journal: each send paired with its delivery or
     * drop by (sender, message id), each crash with the next restart of the node.
     */
    public Builder trace(List<TraceEvent> journal) {
      Map<Long, TraceEvent> sent = new HashMap<>(); // key: (sender, id)
      Map<Long, Integer> slot = new HashMap<>();
      Map<Integer, Long> downSince = new HashMap<>();
      for (TraceEvent e : journal) {
        switch (e.kind()) {
          case SEND -> {
            long key = key(e.from(), e.detail());
            sent.put(key, e);
            slot.put(key, messages.size());
            messages.add(new Message(e.from(), e.to(), e.time(), Math.max(e.time(), to), e.label(), Fate.IN_FLIGHT, ""));
          }
          case DELIVER, DROP -> {
            Integer i = slot.remove(key(e.from(), e.detail()));
            if (i != null) {
              Message m = messages.get(i);
              boolean dropped = e.kind() == dev.caplab.sim.TraceKind.DROP;
              messages.set(i, new Message(m.from(), m.to(), m.sentAt(), e.time(), m.type(),
                  dropped ? Fate.DROPPED : Fate.DELIVERED, dropped ? e.label() : ""));
            }
          }
          case CRASH -> downSince.put(e.from(), e.time());
          case RESTART -> {
            Long since = downSince.remove(e.from());
            spans.add(new Span(e.from(), since == null ? from : since, e.time(), SpanKind.DOWN, "down"));
          }
          default -> { }
        }
      }
      downSince.entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(d -> spans.add(new Span(d.getKey(), d.getValue(), to, SpanKind.DOWN, "down")));
      return this;
    }

    /** Adds the partitions of a fault timeline: from each partition-like fault to the next heal. */
    public Builder faults(List<TimedFault> faults) {
      Long since = null;
      String label = "";
      for (TimedFault f : faults) {
        Fault fault = f.fault();
        if (fault instanceof Fault.Heal) {
          if (since != null) {
            spans.add(new Span(-1, since, f.atNanos(), SpanKind.PARTITIONED, label));
            since = null;
          }
        } else if (fault instanceof Fault.Partition || fault instanceof Fault.Split
            || fault instanceof Fault.MajorityMinority || fault instanceof Fault.Isolate || fault instanceof Fault.Cut
            || fault instanceof Fault.Bridge) {
          if (since == null) {
            since = f.atNanos();
            label = fault.describe();
          } else {
            label = label + "; " + fault.describe();
          }
        }
      }
      if (since != null) {
        spans.add(new Span(-1, since, to, SpanKind.PARTITIONED, label));
      }
      return this;
    }

    /** Adds a client operation. */
    public Builder operation(int node, long invokedAt, long completedAt, String label, Outcome outcome) {
      operations.add(new Operation(node, invokedAt, completedAt, Objects.requireNonNull(label, "label"),
          Objects.requireNonNull(outcome, "outcome")));
      return this;
    }

    /** The diagram; messages beyond {@link #MAX_MESSAGES} are thinned out, evenly. */
    public SpaceTime build() {
      List<Message> kept = messages;
      long omitted = 0;
      if (messages.size() > MAX_MESSAGES) {
        int step = (messages.size() + MAX_MESSAGES - 1) / MAX_MESSAGES;
        kept = new ArrayList<>();
        for (int i = 0; i < messages.size(); i += step) {
          kept.add(messages.get(i));
        }
        omitted = messages.size() - kept.size();
      }
      List<Span> ordered = new ArrayList<>(spans);
      ordered.sort(java.util.Comparator.comparingLong(Span::from).thenComparingInt(Span::node)
          .thenComparing(Span::kind));
      return new SpaceTime(name, title, from, to, nodes, kept, ordered, operations, omitted);
    }

    private static long key(int node, long id) {
      return ((long) node << 48) ^ id;
    }
  }
}
