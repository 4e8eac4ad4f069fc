package dev.caplab.examples.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caplab.examples.cli.CaplabCommand;
import dev.caplab.examples.scenario.Scenarios;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code caplab run NAME --seed N --json} in-process and parses its one line of JSON. */
public final class CliJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private CliJson() {}

  public static JsonNode run(String scenario, long seed) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CaplabCommand.execute(Scenarios.builtIn(), new PrintWriter(out), new PrintWriter(err),
        "run", scenario, "--seed", Long.toString(seed), "--json");
    assertEquals(0, code, err.toString());
    assertEquals("", err.toString());
    assertEquals(1, out.toString().lines().count(), "--json prints exactly one line: " + out);
    return JSON.readTree(out.toString());
  }

  /** Runs the scenario's text summary through the CLI. */
  public static String text(String scenario, long seed) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CaplabCommand.execute(Scenarios.builtIn(), new PrintWriter(out), new PrintWriter(err),
        "run", scenario, "--seed", Long.toString(seed));
    assertEquals(0, code, err.toString());
    return out.toString();
  }
}
