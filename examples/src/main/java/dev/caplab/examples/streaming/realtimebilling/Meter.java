package dev.caplab.examples.streaming.realtimebilling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The customers' metered usage, drawn from one random stream. Every customer sends requests of 1
 * to {@link #MAX_CALLS} calls, {@link #MEAN_REQUEST_GAP_MS} apart on average, for the whole run
 * (the billing period and the hours after it). A request reaches the log after a short network
 * delay, except that every third customer is a mobile app whose devices go offline now and then for
 * {@link #OFFLINE_MIN_MS} to {@link #OFFLINE_MAX_MS}: the requests made offline are delivered when
 * the device reconnects. Stateless and thread-safe.
 */
final class Meter {

  static final int CUSTOMERS = 12;
  static final long MINUTE_MS = 60_000;
  static final long HOUR_MS = 60 * MINUTE_MS;
  static final long MEAN_REQUEST_GAP_MS = 30_000;
  static final int MAX_CALLS = 30;
  static final long MEAN_ONLINE_MS = 90 * MINUTE_MS;
  static final long OFFLINE_MIN_MS = 10 * MINUTE_MS;
  static final long OFFLINE_MAX_MS = 100 * MINUTE_MS;
  static final long NETWORK_MIN_MS = 100;
  static final long NETWORK_MEAN_EXTRA_MS = 900;

  private Meter() {}

  static String customer(int i) {
    return String.format(Locale.ROOT, "c%02d", i);
  }

  static boolean mobile(int i) {
    return i % 3 == 0;
  }

  /** The usage of every customer, made before {@code untilMs} and arriving before it, in arrival order. */
  static List<Usage> usage(RandomGenerator random, long untilMs) {
    List<Usage> out = new ArrayList<>();
    for (int c = 0; c < CUSTOMERS; c++) {
      String name = customer(c);
      long offlineFrom = mobile(c) ? (long) (random.nextExponential() * MEAN_ONLINE_MS) : Long.MAX_VALUE;
      long offlineTo = offlineFrom == Long.MAX_VALUE ? Long.MAX_VALUE
          : offlineFrom + random.nextLong(OFFLINE_MIN_MS, OFFLINE_MAX_MS + 1);
      for (long t = (long) (random.nextExponential() * MEAN_REQUEST_GAP_MS); t < untilMs;
          t += 1 + (long) (random.nextExponential() * MEAN_REQUEST_GAP_MS)) {
        while (t >= offlineTo) {
          offlineFrom = offlineTo + (long) (random.nextExponential() * MEAN_ONLINE_MS);
          offlineTo = offlineFrom + random.nextLong(OFFLINE_MIN_MS, OFFLINE_MAX_MS + 1);
        }
        long calls = random.nextLong(1, MAX_CALLS + 1);
        long network = NETWORK_MIN_MS + (long) (random.nextExponential() * NETWORK_MEAN_EXTRA_MS);
        long arrival = (t >= offlineFrom ? offlineTo : t) + network;
        if (arrival < untilMs) {
          out.add(new Usage(name, calls, t, arrival));
        }
      }
    }
    out.sort(Comparator.comparingLong(Usage::arrivalMillis)); // stable: ties keep their order
    return List.copyOf(out);
  }
}
