package dev.caplab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One million in-flight messages fit in a 256 MB heap. Runs {@link
 * InFlightMemoryMain} in a separate JVM limited to {@code -Xmx256m} (the heap of this JVM is not
 * what we want to measure) and checks that it held all of them in flight and then delivered them.
 */
class InFlightMemoryTest {

  private static final String HEAP = "-Xmx256m";
  private static final long TIMEOUT_SECONDS = 180;

  @Test
  void oneMillionInFlightMessagesFitIn256MegabyteHeap() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Under Surefire the class path may be a manifest-only jar; -cp follows its Class-Path too.
    ProcessBuilder pb = new ProcessBuilder(java, HEAP, "-cp", System.getProperty("java.class.path"),
        InFlightMemoryMain.class.getName()).redirectErrorStream(true);
    Process p = pb.start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    boolean finished = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!finished) {
      p.destroyForcibly();
    }
    System.out.print("[InFlightMemoryMain " + HEAP + "]\n" + out);
    assertTrue(finished, "child JVM did not finish within " + TIMEOUT_SECONDS + " s; output:\n" + out);
    assertEquals(0, p.exitValue(), "child JVM (" + HEAP + ") failed; output:\n" + out);
    List<String> lines = out.lines().toList();
    int n = InFlightMemoryMain.MESSAGES;
    assertTrue(lines.contains("inFlight=" + n), "expected inFlight=" + n + " in:\n" + out);
    assertTrue(lines.contains("pendingEvents=" + n), "expected pendingEvents=" + n + " in:\n" + out);
    assertTrue(lines.contains("delivered=" + n), "expected delivered=" + n + " in:\n" + out);
    assertTrue(lines.contains("received=" + n), "expected received=" + n + " in:\n" + out);
    assertTrue(lines.contains("inFlightAfter=0"), "expected inFlightAfter=0 in:\n" + out);
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("bytesPerInFlight=")),
        "expected a bytesPerInFlight line in:\n" + out);
  }
}
