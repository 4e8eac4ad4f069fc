package dev.caplab.streaming.pipeline.internal;

import dev.caplab.config.Require;
import dev.caplab.streaming.pipeline.BufferMode;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Iterator;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The buffer between a sending and a receiving task, with credit-based flow control as Flink's
 * network stack has it. The receiver grants one credit per slot it frees; it announces the credits
 * it freed at the end of its turn ({@link #announceCredit()}), as Flink's receiver sends an {@code
 * AddCredit} message; a sender spends one credit per record and, in {@link BufferMode#BACKPRESSURE},
 * may send only while it has credit. Hence the invariant, for BACKPRESSURE: {@code credit() +
 * occupancy() + unannouncedCredit() == capacity()} at every moment.
 *
 * <p>In {@link BufferMode#SHED} the sender never waits; a record arriving at a full buffer drops the
 * lowest-priority record: the arriving one if its priority is at or below every buffered one (so
 * order is kept on ties), else the oldest buffered record of the lowest priority. Drops are counted
 * per priority. In {@link BufferMode#UNBOUNDED} nothing waits and nothing is dropped.
 *
 * <p>Control events (watermarks, barriers) keep their place among the records but take no slot.
 *
 * <p>Not thread-safe: the pipeline's one thread uses it.
 */
public final class Channel {

  private final int capacity;
  private final BufferMode mode;
  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  private final TreeMap<Integer, Long> droppedByPriority = new TreeMap<>();
  private int records;
  private int credit;
  private int unannounced;
  private int maxOccupancy;
  private long sent;
  private long dropped;

  /** A buffer of {@code capacity} (>= 1) record slots. */
  public Channel(int capacity, BufferMode mode) {
    this.capacity = Require.atLeast("capacity", capacity, 1);
    this.mode = Require.notNull(mode, "mode");
    this.credit = capacity;
  }

  /** Whether a record may be sent now: always, except in BACKPRESSURE without credit. */
  public boolean canSend() {
    return mode != BufferMode.BACKPRESSURE || credit > 0;
  }

  /**
   * Sends a record: spends a credit (BACKPRESSURE), or sheds one when full (SHED).
   *
   * @throws IllegalStateException in BACKPRESSURE without credit
   */
  public void send(Rec rec) {
    sent++;
    if (mode == BufferMode.BACKPRESSURE) {
      Require.requireState(credit > 0, "a sender must not send without credit");
      credit--;
    } else if (mode == BufferMode.SHED && records == capacity) {
      if (!shedFor(rec)) {
        return;
      }
    }
    queue.addLast(rec);
    records++;
    if (records > maxOccupancy) {
      maxOccupancy = records;
    }
  }

  /** Sends a control event; it takes no slot and no credit. */
  public void sendControl(Control control) {
    queue.addLast(Require.notNull(control, "control"));
  }

  /** The next element (a {@link Rec} or a {@link Control}) without taking it, or null. */
  public Object peek() {
    return queue.peekFirst();
  }

  /** Takes the next element; taking a record frees its slot, whose credit is announced later. */
  public Object poll() {
    Object e = queue.pollFirst();
    if (e instanceof Rec) {
      records--;
      unannounced++;
    }
    return e;
  }

  /** Announces the credits freed since the last announcement to the sender. */
  public void announceCredit() {
    credit += unannounced;
    unannounced = 0;
  }

  /** Whether no element is buffered. */
  public boolean isEmpty() {
    return queue.isEmpty();
  }

  /** Records buffered now. */
  public int occupancy() {
    return records;
  }

  /** The most records ever buffered at once. */
  public int maxOccupancy() {
    return maxOccupancy;
  }

  /** Record slots. */
  public int capacity() {
    return capacity;
  }

  /** The mode. */
  public BufferMode mode() {
    return mode;
  }

  /** The sender's credit (meaningful in BACKPRESSURE). */
  public int credit() {
    return credit;
  }

  /** Slots freed by the receiver and not yet announced to the sender. */
  public int unannouncedCredit() {
    return unannounced;
  }

  /** Records sent, dropped ones included. */
  public long sent() {
    return sent;
  }

  /** Records dropped by shedding. */
  public long dropped() {
    return dropped;
  }

  /** Records dropped, per priority, ascending. */
  public SortedMap<Integer, Long> droppedByPriority() {
    return Collections.unmodifiableSortedMap(droppedByPriority);
  }

  /** Makes room for {@code incoming} in a full buffer; false if {@code incoming} itself is dropped. */
  private boolean shedFor(Rec incoming) {
    Rec lowest = null;
    for (Object e : queue) {
      if (e instanceof Rec r && (lowest == null || r.priority < lowest.priority)) {
        lowest = r;
      }
    }
    if (lowest == null || incoming.priority <= lowest.priority) {
      countDrop(incoming.priority);
      return false;
    }
    for (Iterator<Object> it = queue.iterator(); it.hasNext(); ) {
      if (it.next() == lowest) {
        it.remove();
        break;
      }
    }
    records--;
    countDrop(lowest.priority);
    return true;
  }

  private void countDrop(int priority) {
    dropped++;
    droppedByPriority.merge(priority, 1L, Long::sum);
  }
}
