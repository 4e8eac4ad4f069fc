package dev.caplab.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.fault.Fault;
import dev.caplab.fault.FaultLog;
import dev.caplab.fault.FaultPlan;
import dev.caplab.fault.Nemesis;
import dev.caplab.fault.NemesisConfig;
import dev.caplab.fault.TimedFault;
import dev.caplab.node.Cluster;
import dev.caplab.sim.Simulation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Keeps the README's fault example compiling, working, and identical to the README's copy. */
class ReadmeFaultsExampleTest {

  private static FaultLog faults(Cluster cluster) {
    // README:begin
    FaultLog faults = FaultLog.of(cluster);    // the run's fault timeline
    FaultPlan.builder()
        .partition(Duration.ofSeconds(2), List.of("n1", "n2", "n3"), List.of("n4", "n5"))
        .heal(Duration.ofSeconds(5))
        .crash(Duration.ofSeconds(6), "n2")
        .restart(Duration.ofSeconds(8), "n2")
        .clockOffset(Duration.ofSeconds(6), "n3", Duration.ofMillis(-250))
        .build()
        .schedule(faults);

    NemesisConfig config = NemesisConfig.custom()
        .partitionsPerMinute(6).crashesPerMinute(3).meanFaultDuration(Duration.ofSeconds(2))
        .clockSkewsPerMinute(1)                // clock skew is off unless asked for
        .stop(Duration.ofSeconds(30))          // at stop: healed, restarted, clocks reset
        .build();
    Nemesis.of(config).attach(faults);
    // README:end
    return faults;
  }

  @Test
  void planAndNemesisRunAndLeaveTheClusterRepaired() {
    Simulation sim = Simulation.withSeed(3);
    Cluster cluster = Cluster.create(sim);
    for (int i = 1; i <= 5; i++) {
      cluster.add("n" + i, () -> (ctx, e) -> {});
    }
    FaultLog faults = faults(cluster);
    sim.runFor(Duration.ofSeconds(7));
    assertFalse(cluster.isUp(cluster.id("n2")), "the plan crashed n2 at 6 s");
    sim.runFor(Duration.ofSeconds(30));
    assertTrue(cluster.ids().stream().allMatch(cluster::isUp));
    assertFalse(cluster.network().isPartitioned());
    assertEquals(-250_000_000L, cluster.clock(cluster.id("n3")).offsetNanos(),
        "the plan's clock offset stays; the nemesis resets only the clocks it skewed");
    List<TimedFault> timeline = faults.entries();
    assertTrue(timeline.contains(new TimedFault(Duration.ofSeconds(6), new Fault.Crash("n2"))), timeline::toString);
    assertTrue(timeline.size() > 5, "the nemesis's faults are on the timeline too: " + timeline);
  }

  @Test
  void readmeShowsExactlyThisCode() throws IOException {
    String source = Files.readString(
        Path.of("src/test/java/dev/caplab/examples/ReadmeFaultsExampleTest.java"), StandardCharsets.UTF_8);
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    int from = source.indexOf("// README:begin\n") + "// README:begin\n".length();
    int to = source.indexOf("    // README:end");
    String code = source.substring(from, to).lines()
        .map(l -> l.startsWith("    ") ? l.substring(4) : l)
        .collect(Collectors.joining("\n", "", "\n"));
    assertTrue(readme.contains("```java\n" + code + "```\n"),
        "README.md must contain this example verbatim in a ```java block:\n" + code);
  }
}
