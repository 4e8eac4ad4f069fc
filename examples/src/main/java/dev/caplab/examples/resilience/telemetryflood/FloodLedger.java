package dev.caplab.examples.resilience.telemetryflood;

import java.util.BitSet;

/**
 * The scenario's measuring instrument, outside the nodes so that a server crash does not lose it:
 * which readings were stored (each counted once, however often it was sent), how many the server
 * shed, and the backlog, the readings taken before the server came back that are not stored yet.
 * The backlog is a counter, so the moment it reaches zero (the drain time) costs no polling.
 *
 * <p>Not thread-safe: used on the simulation thread only.
 */
final class FloodLedger {

  private final long backAt;
  private final BitSet[] stored;
  private long produced;
  private long accepted;
  private long duplicates;
  private long shed;
  private long backlog;
  private long drainedAt = -1;

  FloodLedger(int devices, long backAtNanos) {
    this.backAt = backAtNanos;
    this.stored = new BitSet[devices];
    for (int i = 0; i < devices; i++) {
      stored[i] = new BitSet();
    }
  }

  void produced(long createdAt) {
    produced++;
    if (createdAt < backAt) {
      backlog++;
    }
  }

  /** The server stored {@code device}'s reading {@code seq}. */
  void stored(int device, int seq, long createdAt, long now) {
    if (stored[device].get(seq)) {
      duplicates++;
      return;
    }
    stored[device].set(seq);
    accepted++;
    if (createdAt < backAt) {
      backlog--;
      if (backlog == 0 && now >= backAt && drainedAt < 0) {
        drainedAt = now;
      }
    }
  }

  void onShed() {
    shed++;
  }

  long produced() {
    return produced;
  }

  /** Distinct readings stored. */
  long accepted() {
    return accepted;
  }

  /** Readings stored again (sent twice because an acknowledgement came too late). */
  long duplicates() {
    return duplicates;
  }

  /** 429 answers. */
  long shed() {
    return shed;
  }

  /** Readings from before the server came back that are still not stored. */
  long backlog() {
    return backlog;
  }

  /** How long after the server came back the backlog was stored; -1 if it never was. */
  long drainNanos() {
    return drainedAt < 0 ? -1 : drainedAt - backAt;
  }
}
