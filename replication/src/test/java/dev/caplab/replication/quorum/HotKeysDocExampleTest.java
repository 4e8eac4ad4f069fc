package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.node.Cluster;
import dev.caplab.sim.Simulation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The embedding example of docs/hot-keys.md runs as written. */
class HotKeysDocExampleTest {

  @Test
  void theDocsExampleRunsAndItsCodeIsQuotedVerbatim() throws Exception {
    Simulation sim = Simulation.withSeed(1);
    Cluster cluster = Cluster.create(sim);
    List<QuorumResult> results = new ArrayList<>();
    // --- begin docs/hot-keys.md
    QuorumConfig config = QuorumConfig.custom()
        .partitionCapacity(PartitionCapacity.custom()
            .writeUnitsPerSecond(1_000)          // DynamoDB: 1,000 WCU per partition
            .readUnitsPerSecond(3_000)           // DynamoDB: 3,000 RCU per partition
            .burstWindow(Duration.ofSeconds(300)) // unused capacity kept for 300 s
            .build())
        .throttleRetry(ThrottleRetry.custom().maxAttempts(10).base(Duration.ofMillis(25))
            .cap(Duration.ofSeconds(1)).build())
        .build();
    QuorumCluster store = QuorumCluster.builder(cluster).storeNodes(3).clients(4).config(config).build();
    // --- end docs/hot-keys.md
    sim.runFor(Duration.ofMillis(1));
    store.client(0).write("celebrity#3", "like-17", results::add);
    sim.runFor(Duration.ofSeconds(1));
    assertEquals(1, results.size());
    assertTrue(results.get(0).ok(), results.get(0)::toString);
    assertTrue(config.partitionCapacity().enabled());

    String docs = Files.readString(findDocs());
    String source = Files.readString(Path.of("src/test/java/dev/caplab/replication/quorum/HotKeysDocExampleTest.java"));
    String quoted = source.substring(source.indexOf("// --- begin docs/hot-keys.md") + 30,
        source.indexOf("    // --- end docs/hot-keys.md"));
    for (String line : quoted.split("\n")) {
      assertTrue(docs.contains(line.substring(Math.min(4, line.length()))), "docs/hot-keys.md lacks: " + line);
    }
  }

  @Test
  void theReadmeSnippetBuildsLimitsThatAreOn() throws Exception {
    QuorumConfig config = QuorumConfig.custom().partitionCapacity(PartitionCapacity.limited()).build();
    assertTrue(config.partitionCapacity().enabled());
    String readme = Files.readString(findDocs().getParent().getParent().resolve("README.md"));
    assertTrue(readme.contains(
        "QuorumConfig config = QuorumConfig.custom().partitionCapacity(PartitionCapacity.limited()).build();"));
  }

  private static Path findDocs() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("docs/hot-keys.md"))) {
      p = p.getParent();
    }
    return p.resolve("docs/hot-keys.md");
  }
}
