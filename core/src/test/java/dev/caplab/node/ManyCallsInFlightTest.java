package dev.caplab.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Far more calls in flight at one node than its tables first make room for, with deadlines
 * given in every order (so that wake-ups stack up), replies arriving between deadlines, and a
 * crash that must silence every call of the old incarnation: each call ends exactly once, at its
 * reply or exactly at its deadline.
 */
class ManyCallsInFlightTest {

  private static final long MS = 1_000_000L;

  record Ask(int n) {}

  record Answer(int n) {}

  /**
   * Node "c" calls "s" 100 times within its first 50 ms, each with its own timeout, as single
   * calls or as multi-calls of one target; "s" answers even-numbered requests after 2 ms and
   * ignores the rest.
   */
  private static TreeMap<Integer, String> run(long seed, boolean multi, boolean crashCaller) {
    Simulation sim = Simulation.withSeed(seed);
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(LinkProfile.custom().latency(LatencyModel.constant(Duration.ofMillis(1))).build());
    TreeMap<Integer, String> ends = new TreeMap<>();
    List<Integer> repeated = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(seed);
    int calls = 100;
    long[] startAt = new long[calls];
    long[] timeout = new long[calls];
    for (int i = 0; i < calls; i++) {
      startAt[i] = random.nextLong(50) * MS;
      timeout[i] = timeoutMs(random) * MS;
    }
    NodeId s = cluster.add("s", () -> Scripted.handling((ctx, e) -> {
      if (e.message() instanceof Ask a && a.n() % 2 == 0) {
        ctx.schedule(Duration.ofMillis(2), () -> ctx.reply(e, new Answer(a.n())));
      }
    }));
    NodeId c = cluster.add("c", () -> Scripted.starting(ctx -> {
      if (ctx.now() > 0) {
        return; // a restarted caller calls no more
      }
      for (int i = 0; i < calls; i++) {
        int n = i;
        ctx.schedule(Duration.ofNanos(startAt[n]), () -> {
          long start = ctx.now();
          if (multi) {
            MultiCall[] call = new MultiCall[1];
            call[0] = ctx.callAll(List.of(s), new Ask(n), Duration.ofNanos(timeout[n]))
                .onReply(r -> {
                  call[0].finish();
                  end(ends, repeated, n, "reply@" + (ctx.now() - start) / MS);
                })
                .onTimeout(() -> end(ends, repeated, n, CallFailure.TIMEOUT + "@" + (ctx.now() - start) / MS));
          } else {
            ctx.call(s, new Ask(n), Duration.ofNanos(timeout[n]))
                .onReply(r -> end(ends, repeated, n, "reply@" + (ctx.now() - start) / MS))
                .onFailure(f -> end(ends, repeated, n, f + "@" + (ctx.now() - start) / MS));
          }
        });
      }
    }));
    if (crashCaller) {
      sim.schedule(Duration.ofMillis(30), () -> {
        cluster.crash(c);
        cluster.restart(c);
      });
    }
    sim.runFor(Duration.ofSeconds(1));
    assertEquals(List.of(), repeated, "calls that ended twice");
    return ends;
  }

  /** A timeout between 1 and 120 ms, never the 4 ms a reply takes, so no reply ties its deadline. */
  private static long timeoutMs(SplittableRandom random) {
    long t = 1 + random.nextLong(119);
    return t >= 4 ? t + 1 : t;
  }

  private static void end(TreeMap<Integer, String> ends, List<Integer> repeated, int n, String how) {
    if (ends.put(n, how) != null) {
      repeated.add(n);
    }
  }

  @ParameterizedTest(name = "multi-call: {0}")
  @ValueSource(booleans = {false, true})
  void everyCallEndsOnceAtItsReplyOrExactlyAtItsDeadline(boolean multi) {
    for (long seed = 1; seed <= 5; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      TreeMap<Integer, String> expected = new TreeMap<>();
      for (int i = 0; i < 100; i++) {
        random.nextLong(50);
        long timeout = timeoutMs(random);
        // a reply takes 1 ms there, 2 ms of work and 1 ms back: 4 ms
        expected.put(i, i % 2 == 0 && timeout > 4 ? "reply@4" : "TIMEOUT@" + timeout);
      }
      assertEquals(expected, run(seed, multi, false), "seed " + seed);
    }
  }

  @ParameterizedTest(name = "multi-call: {0}")
  @ValueSource(booleans = {false, true})
  void aCrashSilencesEveryCallOfTheOldIncarnation(boolean multi) {
    for (long seed = 1; seed <= 5; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      TreeMap<Integer, String> expected = new TreeMap<>();
      for (int i = 0; i < 100; i++) {
        long start = random.nextLong(50);
        long timeout = timeoutMs(random);
        boolean replied = i % 2 == 0 && timeout > 4;
        long end = start + (replied ? 4 : timeout);
        // only what ended before the crash at 30 ms; the crash comes first among events at 30 ms
        if (end < 30) {
          expected.put(i, replied ? "reply@4" : "TIMEOUT@" + timeout);
        }
      }
      assertEquals(expected, run(seed, multi, true), "seed " + seed);
    }
  }
}
