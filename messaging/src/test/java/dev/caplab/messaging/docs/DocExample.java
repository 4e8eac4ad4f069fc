package dev.caplab.messaging.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what a docs page quotes and what a test's example says, so a test can compare the two: the
 * example is the lines between {@code // example:begin} and {@code // example:end} in the test's
 * source, one indentation level removed; the page's quote is its first fenced block of a kind.
 */
public final class DocExample {

  private DocExample() {}

  /** The example's lines in {@code source}, unindented by one level (4 spaces). */
  public static List<String> code(Path source) throws IOException {
    List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
    return between(lines, "    // example:begin", "    // example:end").stream()
        .map(l -> l.startsWith("    ") ? l.substring(4) : l).toList();
  }

  /** The lines of the first block of {@code doc} opened by {@code fence}, e.g. {@code ```java}. */
  public static List<String> block(Path doc, String fence) throws IOException {
    List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
    int at = lines.indexOf(fence);
    assertTrue(at >= 0, doc + " has a " + fence + " block");
    return between(lines.subList(at, lines.size()), fence, "```");
  }

  private static List<String> between(List<String> lines, String begin, String end) {
    List<String> out = new ArrayList<>();
    int from = lines.indexOf(begin);
    for (int i = from + 1; i < lines.size() && !lines.get(i).equals(end); i++) {
      out.add(lines.get(i));
    }
    return out;
  }
}
