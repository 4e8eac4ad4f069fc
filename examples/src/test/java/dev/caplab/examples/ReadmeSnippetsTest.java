package dev.caplab.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.messaging.resilience.Backoff;
import dev.caplab.messaging.resilience.Retry;
import dev.caplab.messaging.resilience.RetryBudget;
import dev.caplab.messaging.resilience.RetryConfig;
import dev.caplab.messaging.resilience.RetryDecision;
import dev.caplab.node.Cluster;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.replication.crdt.ORSet;
import dev.caplab.replication.quorum.Consistency;
import dev.caplab.replication.quorum.FanOut;
import dev.caplab.replication.quorum.QuorumCluster;
import dev.caplab.replication.quorum.QuorumConfig;
import dev.caplab.replication.quorum.QuorumResult;
import dev.caplab.replication.quorum.ReadOptions;
import dev.caplab.replication.quorum.ReadRepair;
import dev.caplab.replication.quorum.Versioning;
import dev.caplab.replication.quorum.WriteOptions;
import java.util.ArrayList;
import java.util.List;
import dev.caplab.replication.crdt.ReplicaId;
import dev.caplab.sim.Simulation;
import dev.caplab.examples.broadcast.BroadcastPartition;
import dev.caplab.examples.scenario.ScenarioRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The short code snippets in the README's guide sections compile and do what the comments say. */
class ReadmeSnippetsTest {

  @Test
  void orSetSnippet() {
    ReplicaId r1 = ReplicaId.of("r1"), r2 = ReplicaId.of("r2"), r3 = ReplicaId.of("r3");
    ORSet<String> cart = ORSet.<String>empty().add(r1, "milk");
    ORSet<String> removed = cart.remove("milk");        // r2 removes the milk it saw
    ORSet<String> readded = cart.add(r3, "milk");       // r3 adds milk, concurrently
    assertEquals(Set.of("milk"), removed.merge(readded).value());
    assertTrue(removed.value().isEmpty() && r2.name().equals("r2"));
  }

  @Test
  void retrySnippetRunsInsideANode() {
    Simulation sim = Simulation.withSeed(1);
    Cluster cluster = Cluster.create(sim);
    AtomicReference<RetryDecision> decision = new AtomicReference<>();
    cluster.add("client", () -> new Node() {
      @Override
      public void onStart(NodeContext ctx) {
        Retry retry = Retry.of("inventory",
            RetryConfig.custom().maxAttempts(4)
                .backoff(Backoff.fullJitter(Duration.ofMillis(20), Duration.ofSeconds(1))).build(),
            ctx.random(),                                   // seeded from the simulation
            RetryBudget.ofDefaults("client", ctx::now));    // optional: stops retry storms
        decision.set(retry.context().onError(new IOException("503")));
      }

      @Override
      public void onMessage(NodeContext ctx, dev.caplab.net.Envelope e) {}
    });
    sim.runUntilQuiescent();
    RetryDecision d = decision.get();
    assertTrue(d instanceof RetryDecision.RetryIn, String.valueOf(d));
    long delay = ((RetryDecision.RetryIn) d).delay().toNanos();
    assertTrue(delay >= 0 && delay <= Duration.ofMillis(20).toNanos(), "full jitter of the first retry: " + delay);
  }

  @Test
  void quorumSnippet() {
    Simulation sim = Simulation.withSeed(7);
    Cluster cluster = Cluster.create(sim);
    List<QuorumResult> results = new ArrayList<>();
    QuorumCluster store = QuorumCluster.builder(cluster).storeNodes(5).clients(1)
        .config(QuorumConfig.custom().replicationFactor(3).versioning(Versioning.LWW).build())
        .build();
    sim.runFor(Duration.ofMillis(1));
    store.client(0).write("k", "v1", WriteOptions.of(Consistency.QUORUM), r -> {
      results.add(r);
      store.client(0).read("k", ReadOptions.custom().consistency(Consistency.ONE)
          .fanOut(FanOut.QUORUM_ONLY).readRepair(ReadRepair.ASYNC).build(), results::add);
    });
    sim.runFor(Duration.ofSeconds(1));
    assertEquals(2, results.size(), results.toString());
    assertTrue(results.get(0) instanceof dev.caplab.replication.quorum.WriteOk, results.toString());
    assertTrue(results.get(1) instanceof dev.caplab.replication.quorum.ReadOk, results.toString());
  }

  /** "Using caplab from your own project" names the version this build installs, wherever it names one. */
  @Test
  void readmeNamesTheVersionThisBuildInstalls() throws IOException {
    Properties built = new Properties();
    try (InputStream in = ReadmeSnippetsTest.class.getResourceAsStream(
        "/dev/caplab/examples/cli/version.properties")) {
      built.load(in);
    }
    String version = built.getProperty("version");
    String readme = Files.readString(Path.of("../README.md"));
    int from = readme.indexOf("\n## Using caplab from your own project\n");
    int to = readme.indexOf("\n## ", from + 1);
    assertTrue(from >= 0 && to > from, "README.md has a section 'Using caplab from your own project'");
    String section = readme.substring(from, to);
    assertTrue(section.contains("<groupId>dev.caplab</groupId>"), section);
    Matcher named = Pattern.compile("\\d+\\.\\d+\\.\\d+[-.\\w]*").matcher(section);
    int count = 0;
    while (named.find()) {
      assertEquals(version, named.group(), "a version named in README.md's 'Using caplab from your own project'");
      count++;
    }
    assertTrue(count >= 2 && section.contains("<version>" + version + "</version>"), section);
  }

  /** The README shows the trace hash of `broadcast-partition --seed 1`; a change of hash must update it. */
  @Test
  void readmeQuotesTheCurrentTraceHashOfTheFirstScenario() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    String hash = ScenarioRunner.run(new BroadcastPartition(), 1).report().header().traceHash();
    assertTrue(readme.contains("trace hash " + hash + "\nre-run with --seed 1 to reproduce"),
        "README.md's 'Reproducing a run' must quote trace hash " + hash);
  }
}
