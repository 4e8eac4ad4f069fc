package dev.caplab.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.check.Linearizability;
import dev.caplab.check.LinearizabilityResult;
import dev.caplab.check.Models;
import dev.caplab.check.Verdict;
import dev.caplab.fault.FaultLog;
import dev.caplab.fault.FaultPlan;
import dev.caplab.fault.Nemesis;
import dev.caplab.fault.NemesisConfig;
import dev.caplab.history.HistoryRecorder;
import dev.caplab.net.Envelope;
import dev.caplab.node.Cluster;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.sim.Simulation;
import dev.caplab.workload.RegisterProtocol;
import dev.caplab.workload.RegisterWorkload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's "Writing and checking your own node" honest: the code between the markers is
 * compiled and run here, the README must show exactly this code, and the output it quotes must be
 * what the code prints.
 */
class ReadmeOwnNodeTest {

  private static final String BEGIN = "// README:own-node:begin";
  private static final String END = "// README:own-node:end";

  // README:own-node:begin
  record Put(String key, long value) {}                // a client writes
  record Get(String key) {}                            // a client reads
  record Done(Long value) {}                           // the answer to either
  record Copy(String key, long value) {}               // a replica tells its peers

  /** Answers from its own copy and copies writes to its peers without waiting for them. */
  static final class LazyReplica implements Node {
    private final List<String> peers;
    private final Map<String, Long> data = new TreeMap<>();

    LazyReplica(List<String> peers) {
      this.peers = peers;
    }

    @Override public void onMessage(NodeContext ctx, Envelope e) {
      if (e.message() instanceof Put p) {
        data.put(p.key(), p.value());
        for (String peer : peers) {
          if (!peer.equals(ctx.id().name())) {
            ctx.send(ctx.node(peer), new Copy(p.key(), p.value()));
          }
        }
        ctx.reply(e, new Done(p.value()));
      } else if (e.message() instanceof Get g) {
        ctx.reply(e, new Done(data.get(g.key())));
      } else if (e.message() instanceof Copy c) {
        data.put(c.key(), c.value());
      }
    }
  }

  /** How the workload's clients speak to it. */
  static final RegisterProtocol PROTOCOL = new RegisterProtocol() {
    @Override public Object read(String key) {
      return new Get(key);
    }

    @Override public Object write(String key, long value) {
      return new Put(key, value);
    }

    @Override public Result result(Object reply) {
      return Result.ok(((Done) reply).value());
    }
  };

  static LinearizabilityResult check(long seed) {
    Simulation sim = Simulation.withSeed(seed);
    Cluster cluster = Cluster.create(sim);
    List<String> replicas = List.of("r1", "r2", "r3");
    for (String r : replicas) {
      cluster.add(r, () -> new LazyReplica(replicas));
    }
    HistoryRecorder history = new HistoryRecorder();
    RegisterWorkload.custom().targets("r1", "r2", "r3").keys("x", "y").until(Duration.ofSeconds(4)).build()
        .install(cluster, 3, PROTOCOL, history);           // clients c0, c1, c2, one per replica
    FaultLog faults = FaultLog.of(cluster);
    FaultPlan.builder()                                    // r1 and its client cut off for a second
        .partition(Duration.ofSeconds(1), List.of("r1", "c0"), List.of("r2", "r3", "c1", "c2"))
        .heal(Duration.ofSeconds(2))
        .build().schedule(faults);
    Nemesis.of(NemesisConfig.custom()                      // and replicas crash now and then
        .partitionsPerMinute(0).crashesPerMinute(20).meanFaultDuration(Duration.ofMillis(300))
        .start(Duration.ofSeconds(2)).stop(Duration.ofSeconds(4)).build()).attach(faults);
    sim.runFor(Duration.ofSeconds(5));
    return Linearizability.ofDefaults().check(history.history(), Models.kv(null));
  }
  // README:own-node:end

  @Test
  void lazyReplicationIsCaughtReadingStaleValues() {
    LinearizabilityResult r = check(1);
    assertEquals(Verdict.FALSE, r.valid(), r.toString());
    assertTrue(r.ops() > 500, "a real workload: " + r.ops() + " operations");
  }

  @Test
  void readmeShowsExactlyThisCodeAndWhatItPrints() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    String source = Files.readString(Path.of("src/test/java/dev/caplab/examples/ReadmeOwnNodeTest.java"));
    String code = between(source, BEGIN, END);
    assertTrue(readme.contains("```java\n" + code + "```\n"), "README.md must show the code between " + BEGIN
        + " and " + END + " exactly, as one java block");
    String printed = check(1).toString().lines().limit(1).collect(Collectors.joining("\n"));
    assertTrue(readme.contains("```\n" + printed + "\n"), "README.md must quote the verdict line: " + printed);
  }

  /** The lines strictly between the marker lines, unindented by two spaces. */
  private static String between(String source, String begin, String end) {
    List<String> lines = source.lines().toList();
    int from = -1;
    int to = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(begin)) {
        from = i + 1;
      } else if (lines.get(i).strip().equals(end)) {
        to = i;
      }
    }
    StringBuilder out = new StringBuilder();
    for (String l : lines.subList(from, to)) {
      out.append(l.startsWith("  ") ? l.substring(2) : l).append('\n');
    }
    return out.toString();
  }
}
