package dev.caplab.replication.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.time.Scheduler;
import dev.caplab.time.Ticker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The embedding example of docs/hot-keys.md runs as written, on real time. */
class WriteBackDocExampleTest {

  @Test
  void theDocsExampleRunsOnRealTimeAndItsCodeIsQuotedVerbatim() throws Exception {
    Map<String, Long> database = new ConcurrentHashMap<>();
    // --- begin docs/hot-keys.md
    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    CounterStore store = (key, delta, done) -> {
      database.merge(key, delta, Long::sum); // in real code: an UPDATE ... SET n = n + ? (idempotent on retry)
      done.complete(key, delta, true);
    };
    WriteBackCache likes = WriteBackCache.of(WriteBackConfig.custom()
            .flushInterval(Duration.ofMillis(100))  // an acknowledged like is at risk for at most this long
            .maxBufferedKeys(10_000)                // or until this many posts have unflushed likes
            .build(),
        store, Ticker.system(), Scheduler.of(timers));
    likes.increment("post:42:likes", 1);            // returns at once; the write comes with the next flush
    // --- end docs/hot-keys.md
    likes.increment("post:42:likes", 2);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (likes.stats().applied() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    timers.shutdownNow();
    assertEquals(3L, database.get("post:42:likes"));
    assertTrue(likes.stats().writes() <= 2, "one write per key per flush: " + likes.stats());

    String docs = Files.readString(findDocs());
    String source = Files.readString(Path.of("src/test/java/dev/caplab/replication/cache/WriteBackDocExampleTest.java"));
    String quoted = source.substring(source.indexOf("// --- begin docs/hot-keys.md") + 30,
        source.indexOf("    // --- end docs/hot-keys.md"));
    for (String line : quoted.split("\n")) {
      assertTrue(docs.contains(line.substring(Math.min(4, line.length()))), "docs/hot-keys.md lacks: " + line);
    }
  }

  private static Path findDocs() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("docs/hot-keys.md"))) {
      p = p.getParent();
    }
    return p.resolve("docs/hot-keys.md");
  }
}
