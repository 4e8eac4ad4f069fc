package dev.caplab.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.fault.FaultLog;
import dev.caplab.fault.FaultPlan;
import dev.caplab.net.DropReason;
import dev.caplab.net.Envelope;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.node.Cluster;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.sim.Simulation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's embedding example honest: the code between the README markers below is
 * compiled and run here, and {@link #readmeShowsExactlyThisCode} fails if the README's copy drifts.
 */
class ReadmeExampleTest {

  private static final String BEGIN = "// README:begin";
  private static final String END = "// README:end";

  // README:begin
  record Ping(int n) {}

  static final class Pinger implements Node {   // pings "echo" every 10 ms, counts the answers
    int answers;

    @Override public void onStart(NodeContext ctx) {
      tick(ctx);
    }

    void tick(NodeContext ctx) {
      ctx.send(ctx.node("echo"), new Ping(answers));
      ctx.schedule(Duration.ofMillis(10), () -> tick(ctx));
    }

    @Override public void onMessage(NodeContext ctx, Envelope e) {
      answers++;
    }
  }

  static Cluster pingThroughAPartition(long seed) {
    Simulation sim = Simulation.withSeed(seed);       // same seed, same run, same trace hash
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(LinkProfile.custom()
        .latency(LatencyModel.logNormal(Duration.ofMillis(5), 0.5)).loss(0.01).build());
    cluster.add("pinger", Pinger::new);
    cluster.add("echo", () -> (ctx, e) -> ctx.reply(e, e.message()));
    FaultPlan.builder()                               // faults go through a plan, by node name
        .partition(Duration.ofSeconds(1), List.of("pinger"), List.of("echo"))
        .heal(Duration.ofSeconds(2))
        .build().schedule(FaultLog.of(cluster));
    sim.runFor(Duration.ofSeconds(3));
    System.out.println(cluster.stats() + " trace " + sim.trace().hashHex());
    return cluster;
  }
  // README:end

  @Test
  void theExampleRunsAndThePartitionCostsAboutOneSecondOfAnswers() {
    Cluster cluster = pingThroughAPartition(42);
    Pinger pinger = cluster.node(cluster.id("pinger"), Pinger.class);
    // 300 pings in 3 s, one second of them cut off, ~2% lost on the two legs.
    assertTrue(pinger.answers > 180 && pinger.answers < 205, "answers: " + pinger.answers);
    assertTrue(cluster.stats().dropped(DropReason.PARTITION) >= 100, cluster.stats().toString());
  }

  @Test
  void theExampleIsDeterministic() {
    assertEquals(pingThroughAPartition(42).simulation().trace().hashHex(),
        pingThroughAPartition(42).simulation().trace().hashHex());
  }

  @Test
  void readmeShowsExactlyThisCode() throws IOException {
    String source = Files.readString(
        Path.of("src/test/java/dev/caplab/examples/ReadmeExampleTest.java"), StandardCharsets.UTF_8);
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    String code = dedent(between(source, BEGIN + "\n", "  " + END));
    assertTrue(readme.contains("```java\n" + code + "```\n"),
        "README.md must contain this example verbatim in a ```java block:\n" + code);
  }

  private static String between(String text, String begin, String end) {
    int from = text.indexOf(begin);
    int to = text.indexOf(end, from);
    assertTrue(from >= 0 && to > from, "markers " + BEGIN + " / " + END + " not found");
    return text.substring(from + begin.length(), to);
  }

  private static String dedent(String block) {
    return block.lines()
        .map(l -> l.startsWith("  ") ? l.substring(2) : l)
        .collect(Collectors.joining("\n", "", "\n"));
  }
}
