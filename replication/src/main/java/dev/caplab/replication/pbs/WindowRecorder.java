package dev.caplab.replication.pbs;

import dev.caplab.net.DeliveryListener;
import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import dev.caplab.replication.quorum.QuorumMessage.ReadRequest;
import dev.caplab.replication.quorum.QuorumMessage.ReadResponse;
import dev.caplab.replication.quorum.QuorumMessage.WriteRequest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures each PBS trial's visibility window ({@link VisibilityWindows}) from the deliveries of
 * its messages: when the trial's write reached each replica, when its read request did, and which
 * replicas' answers were the first R at the read's coordinator. A trial's window is known once
 * its read is done and, unless one of those R replicas already had the write, the write has
 * reached all of them.
 *
 * <p>Not thread-safe: the simulation thread.
 */
final class WindowRecorder implements DeliveryListener {

  private final int readQuorum;
  /** Trials whose window is not known yet, by their (unique) value. */
  private final Map<String, Trial> open = new HashMap<>();
  /** The trial whose read is the newest on each key. */
  private final Map<String, Trial> readingByKey = new HashMap<>();
  private long[] windows = new long[1024];
  private int measured;

  WindowRecorder(int readQuorum) {
    this.readQuorum = readQuorum;
  }

  /** One trial: a write of a unique value and the read t later. */
  final class Trial {
    final String key;
    final String value;
    final List<NodeId> replicas;
    final long delay;
    final long[] writeArrival;
    final long[] readArrival;
    final boolean[] hadWrite;
    final int[] responders = new int[readQuorum];
    /** By replica: the id of the read's request to it (the answer carries it as inReplyTo), or -1. */
    final long[] readRequest;
    int responses;
    NodeId readAt;
    long readStart = -1;
    Boolean consistent;

    Trial(String key, String value, List<NodeId> replicas, long delay) {
      this.key = key;
      this.value = value;
      this.replicas = replicas;
      this.delay = delay;
      writeArrival = new long[replicas.size()];
      readArrival = new long[replicas.size()];
      Arrays.fill(writeArrival, -1);
      Arrays.fill(readArrival, -1);
      hadWrite = new boolean[replicas.size()];
      readRequest = new long[replicas.size()];
      Arrays.fill(readRequest, -1);
    }
  }

  /** A trial starting its write now; {@code delay} is how long after the commit its read starts. */
  Trial begin(String key, String value, List<NodeId> replicas, long delayNanos) {
    Trial t = new Trial(key, value, replicas, delayNanos);
    open.put(value, t);
    return t;
  }

  /** The trial's read starts now at {@code at}. */
  void readStarted(Trial t, NodeId at, long now) {
    t.readAt = at;
    t.readStart = now;
    readingByKey.put(t.key, t);
  }

  /** The trial's read returned: the committed value or not. */
  void readDone(Trial t, boolean consistent) {
    t.consistent = consistent;
    settle(t);
  }

  /** The trial's write or read failed: its read never sees the write. */
  void failed(Trial t) {
    open.remove(t.value);
    record(VisibilityWindows.NEVER);
  }

  /** Trials whose window still waits for a write to arrive. */
  int waiting() {
    return open.size();
  }

  /**
   * The windows of every trial; a trial still waiting counts its missing writes as never arriving
   * (a write that reaches no replica the read used).
   */
  VisibilityWindows finish() {
    for (Trial t : open.values()) { // any order: the windows are sorted
      if (t.consistent == null) {
        throw new IllegalStateException("trial " + t.value + " on " + t.key + " has no read result");
      }
      record(window(t));
    }
    open.clear();
    return new VisibilityWindows(Arrays.copyOf(windows, measured));
  }

  @Override
  public void delivered(Envelope e, long now) {
    Object m = e.message();
    if (m instanceof WriteRequest w) {
      for (String v : w.value().values()) {
        Trial t = open.get(v);
        if (t != null) {
          int j = t.replicas.indexOf(e.to());
          if (j >= 0 && t.writeArrival[j] < 0) {
            t.writeArrival[j] = now;
            settle(t);
          }
        }
      }
    } else if (m instanceof ReadRequest rq) {
      Trial t = readingByKey.get(rq.key());
      if (t != null && e.sentAt() == t.readStart && e.from().equals(t.readAt)) {
        int j = t.replicas.indexOf(e.to());
        if (j >= 0 && t.readArrival[j] < 0) {
          t.readRequest[j] = e.id();
          t.readArrival[j] = now;
          t.hadWrite[j] = t.writeArrival[j] >= 0; // delivered before this request, or at the same instant before it
        }
      }
    } else if (m instanceof ReadResponse rs) {
      Trial t = readingByKey.get(rs.key());
      if (t != null && e.to().equals(t.readAt) && t.responses < readQuorum) {
        int j = t.replicas.indexOf(e.from());
        if (j >= 0 && e.inReplyTo() == t.readRequest[j]) {
          t.responders[t.responses++] = j;
        }
      }
    }
  }

  /** Records the trial's window if it is known now. */
  private void settle(Trial t) {
    if (t.consistent == null || !open.containsKey(t.value)) {
      return;
    }
    if (t.responses < readQuorum) {
      throw new IllegalStateException("read of trial " + t.value + " on " + t.key + " returned after "
          + t.responses + " of " + readQuorum + " responses were seen");
    }
    boolean any = false;
    boolean allArrived = true;
    for (int k = 0; k < readQuorum; k++) {
      int j = t.responders[k];
      any |= t.hadWrite[j];
      allArrived &= t.writeArrival[j] >= 0;
    }
    if (any != t.consistent) {
      throw new IllegalStateException("trial " + t.value + " on " + t.key + ": the read returned "
          + (t.consistent ? "the write" : "an older value") + " but its first " + readQuorum + " replicas "
          + (any ? "had" : "had not") + " received the write when asked");
    }
    if (any || allArrived) {
      open.remove(t.value);
      record(window(t));
    }
  }

  /** min over the read's first R replicas of (write arrival - read arrival) + delay; NEVER if none got the write. */
  private long window(Trial t) {
    long best = VisibilityWindows.NEVER;
    for (int k = 0; k < readQuorum; k++) {
      int j = t.responders[k];
      if (t.writeArrival[j] < 0) {
        continue;
      }
      long w = t.writeArrival[j] - t.readArrival[j] + t.delay;
      if (!t.hadWrite[j] && t.writeArrival[j] == t.readArrival[j]) {
        w++; // same instant, but the read was handled first: it needed to start a little later
      }
      best = Math.min(best, w);
    }
    return best;
  }

  private void record(long window) {
    if (measured == windows.length) {
      windows = Arrays.copyOf(windows, measured * 2);
    }
    windows[measured++] = window;
  }
}
