package dev.caplab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.LatencyModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Same seed, same run: the trace hash of {@link DeterminismWorkload} is reproduced in this JVM
 * and in a separately started one, and differs between seeds. Property failures report the seed
 * (jqwik prints the falsifying {@code seed} parameter).
 */
class DeterminismTest {

  @Property(tries = 8)
  void sameSeedGivesTheSameRunTwiceInOneJvm(@ForAll long seed) {
    DeterminismWorkload.Result first = DeterminismWorkload.run(seed);
    DeterminismWorkload.Result second = DeterminismWorkload.run(seed);
    assertEquals(first, second, "seed " + seed + " gave two different runs");
  }

  @Example
  void theWorkloadExercisesEveryKindOfEvent() {
    DeterminismWorkload.Result r = DeterminismWorkload.run(1);
    // If any of these were zero the hash would not cover that kind of event.
    assertTrue(r.sent() > 1000, r.toString());
    assertTrue(r.delivered() > 1000, r.toString());
    assertTrue(r.duplicated() > 0, r.toString());
    assertTrue(r.lost() > 0, r.toString());
    assertTrue(r.partitioned() > 0, r.toString());
    assertTrue(r.crashDropped() > 0, r.toString());
    assertTrue(r.overflowed() > 0, r.toString());
    assertTrue(r.replies() > 0, r.toString());
    assertTrue(r.timeouts() > 0, r.toString());
  }

  @Example
  void twentySeedsGiveTwentyHashes() {
    Map<Long, Long> hashBySeed = new LinkedHashMap<>();
    Set<Long> hashes = new LinkedHashSet<>();
    for (long seed = 1; seed <= 20; seed++) {
      long h = DeterminismWorkload.run(seed).hash();
      hashBySeed.put(seed, h);
      hashes.add(h);
    }
    assertEquals(20, hashes.size(), "hash collision between seeds: " + hashBySeed);
  }

  @Example
  void aLatencyModelWithoutToStringDoesNotLeakIdentityHashesIntoTheTrace() {
    // Object.toString embeds an identity hash, different for each instance and each JVM. The
    // link-change trace labels describe the profile, so such a model must not change the hash.
    long first = DeterminismWorkload.run(3, new PlainLatency()).hash();
    long second = DeterminismWorkload.run(3, new PlainLatency()).hash();
    assertEquals(first, second);
  }

  @Example
  void sameSeedGivesTheSameHashInASeparatelyStartedJvm() throws IOException, InterruptedException {
    // Seeds fixed here plus one drawn afresh each run (printed on failure).
    long fresh = RandomGenerator.getDefault().nextLong();
    List<Long> seeds = List.of(1L, 42L, -7L, fresh);
    List<String> expected = new ArrayList<>();
    for (long seed : seeds) {
      expected.add(seed + " " + String.format("%016x", DeterminismWorkload.run(seed).hash()));
    }

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(DeterminismWorkload.class.getName());
    for (long seed : seeds) {
      command.add(Long.toString(seed));
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      in.transferTo(buf);
      out = buf.toString(StandardCharsets.UTF_8);
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the forked JVM did not finish");
    assertEquals(0, p.exitValue(), "the forked JVM failed:\n" + out);
    assertEquals(expected, out.lines().toList(), "seeds " + seeds + ": hashes differ between JVMs");
  }

  /** A custom model with no toString of its own (2 ms constant). */
  static final class PlainLatency implements LatencyModel {
    @Override
    public long sampleNanos(RandomGenerator random) {
      return Duration.ofMillis(2).toNanos();
    }

    @Override
    public double meanNanos() {
      return Duration.ofMillis(2).toNanos();
    }
  }
}
