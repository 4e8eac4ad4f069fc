package dev.caplab.streaming.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The same state runs inside a simulation on its virtual clock, unchanged: sessions that go quiet
 * for the TTL are gone, and a seeded run gives the same outcome every time.
 */
class TtlStateInSimulationTest {

  /** Users touch their sessions at random moments for 10 virtual seconds; returns what reads saw. */
  private static List<String> run(long seed) {
    Simulation sim = Simulation.withSeed(seed);
    TtlValueState<Integer, Long> sessions = TtlValueState.create(StateTtlConfig.custom().ttl(Duration.ofSeconds(1))
        .updateType(StateTtlConfig.UpdateType.ON_READ_AND_WRITE).build(), sim.ticker());
    RandomGenerator random = sim.random("users");
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int user = random.nextInt(10);
      long at = random.nextLong(10_000_000_000L);
      boolean write = random.nextBoolean();
      sim.scheduleAt(at, () -> {
        if (write) {
          sessions.update(user, at);
        } else {
          seen.add(user + "@" + at + "=" + sessions.value(user));
        }
      });
    }
    sim.runFor(Duration.ofSeconds(11));
    seen.add("entries=" + sessions.entries() + " cleaned=" + sessions.expiredCleaned());
    return seen;
  }

  @Test
  void quietSessionsExpireOnVirtualTime() {
    Simulation sim = Simulation.withSeed(1);
    TtlValueState<String, String> s = TtlValueState.create(StateTtlConfig.ofTtl(Duration.ofSeconds(1)), sim.ticker());
    List<String> seen = new ArrayList<>();
    sim.schedule(Duration.ZERO, () -> s.update("u", "cart"));
    sim.schedule(Duration.ofMillis(999), () -> seen.add(s.value("u")));
    sim.schedule(Duration.ofMillis(1000), () -> seen.add(s.value("u")));
    sim.runFor(Duration.ofSeconds(2));
    assertEquals(java.util.Arrays.asList("cart", null), seen);
  }

  @Test
  void aSeededRunIsReproducible() {
    for (long seed = 1; seed <= 5; seed++) {
      assertEquals(run(seed), run(seed), "seed " + seed);
    }
  }
}
