package dev.caplab.messaging.resilience.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caplab.time.ManualTicker;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The windows against a naive model that keeps every call: same counts and same verdict after
 * every step.
 */
class CallWindowPropertiesTest {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private record Recorded(long second, boolean failed, boolean slow) {}

  private static int modelVerdict(
      List<Recorded> calls, int minimum, float failureThreshold, float slowThreshold) {
    int n = calls.size();
    if (n == 0 || n < minimum) {
      return CallWindow.BELOW_MINIMUM_CALLS;
    }
    int failed = (int) calls.stream().filter(Recorded::failed).count();
    int slow = (int) calls.stream().filter(Recorded::slow).count();
    int v = CallWindow.BELOW_THRESHOLDS;
    if (failed * 100.0f / n >= failureThreshold) {
      v |= CallWindow.FAILURE_RATE_EXCEEDED;
    }
    if (slow * 100.0f / n >= slowThreshold) {
      v |= CallWindow.SLOW_CALL_RATE_EXCEEDED;
    }
    return v;
  }

  private static void assertSameCounts(List<Recorded> model, CallWindow.Counts counts) {
    String where = counts + " vs model " + model;
    assertEquals(model.size(), counts.bufferedCalls(), where);
    assertEquals(model.stream().filter(Recorded::failed).count(), counts.failedCalls(), where);
    assertEquals(model.stream().filter(Recorded::slow).count(), counts.slowCalls(), where);
    assertEquals(
        model.stream().filter(r -> r.slow() && r.failed()).count(), counts.slowFailedCalls(), where);
  }

  @Property(tries = 300)
  void countWindowKeepsExactlyTheLastCalls(
      @ForAll @IntRange(min = 1, max = 20) int size,
      @ForAll @IntRange(min = 1, max = 25) int minimum,
      @ForAll @FloatRange(min = 0.1f, max = 100f) float failureThreshold,
      @ForAll @FloatRange(min = 0.1f, max = 100f) float slowThreshold,
      @ForAll @Size(max = 200) List<Boolean> failures,
      @ForAll @Size(max = 200) List<Boolean> slows) {
    CallWindow window = CallWindow.countBased(size, minimum, failureThreshold, slowThreshold);
    Deque<Recorded> model = new ArrayDeque<>();
    for (int i = 0; i < Math.min(failures.size(), slows.size()); i++) {
      boolean failed = failures.get(i);
      boolean slow = slows.get(i);
      model.addLast(new Recorded(0, failed, slow));
      if (model.size() > size) {
        model.removeFirst();
      }
      int verdict = window.record(failed, slow);
      List<Recorded> now = new ArrayList<>(model);
      assertEquals(
          modelVerdict(now, Math.min(minimum, size), failureThreshold, slowThreshold),
          verdict,
          () -> "verdict after " + now);
      assertSameCounts(now, window.counts());
    }
  }

  @Property(tries = 300)
  void timeWindowKeepsExactlyTheCallsOfTheLastSeconds(
      @ForAll @IntRange(min = 1, max = 10) int seconds,
      @ForAll @IntRange(min = 1, max = 25) int minimum,
      @ForAll @FloatRange(min = 0.1f, max = 100f) float failureThreshold,
      @ForAll @FloatRange(min = 0.1f, max = 100f) float slowThreshold,
      @ForAll @IntRange(min = 0, max = 1_000_000) int startMillis,
      @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 4_000) Integer> waits,
      @ForAll @Size(max = 200) List<Boolean> failures) {
    ManualTicker ticker = new ManualTicker(startMillis * 1_000_000L);
    CallWindow window =
        CallWindow.timeBased(seconds, minimum, failureThreshold, slowThreshold, ticker);
    List<Recorded> model = new ArrayList<>();
    for (int i = 0; i < waits.size(); i++) {
      ticker.advance(waits.get(i) * 1_000_000L);
      long second = Math.floorDiv(ticker.nanos(), NANOS_PER_SECOND);
      model.removeIf(r -> second - r.second() >= seconds);
      boolean failed = i < failures.size() && failures.get(i);
      boolean slow = (i % 3) == 0;
      if ((i & 1) == 0) {
        model.add(new Recorded(second, failed, slow));
        int verdict = window.record(failed, slow);
        List<Recorded> now = List.copyOf(model);
        assertEquals(
            modelVerdict(now, minimum, failureThreshold, slowThreshold),
            verdict,
            () -> "verdict at second " + second + " after " + now);
      }
      assertSameCounts(model, window.counts());
    }
  }

  @Property(tries = 50)
  void anEmptyWindowRecordsNothing(@ForAll @Size(max = 20) List<Boolean> failures) {
    CallWindow window = CallWindow.countBased(0, 5, 50, 100);
    for (boolean failed : failures) {
      assertEquals(CallWindow.BELOW_MINIMUM_CALLS, window.record(failed, false));
    }
    assertEquals(0, window.counts().bufferedCalls());
    assertEquals(CallWindow.NO_RATE, window.counts().failureRate());
  }
}
