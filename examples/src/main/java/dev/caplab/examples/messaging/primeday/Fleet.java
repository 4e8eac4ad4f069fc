package dev.caplab.examples.messaging.primeday;

import java.util.Arrays;

/**
 * The auto-scaling group of workers: which are in service, which are launching, and the CPU time
 * each has spent (across its crashes, as a monitoring agent would report it). Launching takes
 * {@link PrimeDayOrders#BOOT_TIME}; taking an instance out of service lets it finish its batch.
 *
 * <p>Not thread-safe: one simulation, one thread.
 */
final class Fleet {

  private final boolean[] inService;
  private final boolean[] launching;
  private final long[] busyNanos;

  Fleet(int max, int initial) {
    inService = new boolean[max];
    launching = new boolean[max];
    busyNanos = new long[max];
    Arrays.fill(inService, 0, initial, true);
  }

  int max() {
    return inService.length;
  }

  boolean inService(int worker) {
    return inService[worker];
  }

  void busy(int worker, long nanos) {
    busyNanos[worker] += nanos;
  }

  /** CPU time spent by all workers so far. */
  long busyNanos() {
    long sum = 0;
    for (long b : busyNanos) {
      sum += b;
    }
    return sum;
  }

  /** Workers in service. */
  int inService() {
    int n = 0;
    for (boolean b : inService) {
      n += b ? 1 : 0;
    }
    return n;
  }

  /** Workers in service or launching: what the group already pays for. */
  int desiredSoFar() {
    int n = 0;
    for (int i = 0; i < inService.length; i++) {
      n += inService[i] || launching[i] ? 1 : 0;
    }
    return n;
  }

  /** Marks the lowest idle worker as launching and returns it, or -1 if all are taken. */
  int launch() {
    for (int i = 0; i < inService.length; i++) {
      if (!inService[i] && !launching[i]) {
        launching[i] = true;
        return i;
      }
    }
    return -1;
  }

  /** The launched worker is booted and in service. */
  void booted(int worker) {
    launching[worker] = false;
    inService[worker] = true;
  }

  /** Takes the highest worker in service out (it finishes its batch); false if none is. */
  boolean retire() {
    for (int i = inService.length - 1; i >= 0; i--) {
      if (inService[i]) {
        inService[i] = false;
        return true;
      }
    }
    return false;
  }
}
