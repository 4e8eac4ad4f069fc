package dev.caplab.examples.resilience.circuitbreaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caplab.examples.cli.CaplabCommand;
import dev.caplab.examples.scenario.Scenarios;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code caplab run circuit-breaker} through the real command line, in process. */
class CircuitBreakerCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> VARIANT_FIELDS =
      List.of("successRate", "slotExhausted", "p50Millis", "p99Millis", "failFast", "recoverMillis");

  private static String[] caplab(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CaplabCommand.execute(Scenarios.builtIn(), new PrintWriter(out), new PrintWriter(err), args);
    assertEquals(0, code, err.toString());
    assertEquals("", err.toString());
    return new String[] {out.toString()};
  }

  private static JsonNode runJson(long seed) throws Exception {
    String out = caplab("run", CircuitBreakerScenario.NAME, "--seed", Long.toString(seed), "--json")[0];
    assertEquals(1, out.lines().count(), "--json prints exactly one line: " + out);
    return JSON.readTree(out);
  }

  @Test
  void jsonCarriesEveryVariantsNumbersTheTransitionsAndBothChecks() throws Exception {
    JsonNode o = runJson(5);
    assertEquals(CircuitBreakerScenario.NAME, o.get("scenario").asText());
    assertEquals(5, o.get("seed").asLong());
    assertTrue(o.get("traceHash").asText().matches("^[0-9a-f]{16}$"), o.get("traceHash").asText());
    assertEquals(CircuitBreakerScenario.RUN_UNTIL.toNanos(), o.get("simulatedNanos").asLong());
    JsonNode metrics = o.get("metrics");
    for (String variant : List.of("noBreaker", "breaker")) {
      JsonNode v = metrics.get(variant);
      assertTrue(v != null && v.isObject(), variant + " missing: " + metrics);
      for (String field : VARIANT_FIELDS) {
        assertTrue(v.get(field) != null && v.get(field).isNumber(), variant + "." + field + ": " + v);
      }
      double rate = v.get("successRate").asDouble();
      assertTrue(rate >= 0 && rate <= 1, variant + ".successRate " + rate);
    }
    assertEquals(0, metrics.get("noBreaker").get("failFast").asLong());
    assertTrue(metrics.get("breaker").get("failFast").asLong() > 0, metrics.toString());
    JsonNode transitions = metrics.get("transitions");
    assertTrue(transitions.isArray() && transitions.size() > 0, "transitions: " + transitions);
    for (JsonNode t : transitions) {
      assertTrue(t.get("atMillis").isNumber(), t.toString());
      assertTrue(t.get("from").isTextual() && t.get("to").isTextual(), t.toString());
    }
    assertEquals("CLOSED", transitions.get(transitions.size() - 1).get("to").asText());
    for (String check : List.of("breakerProtectsCaller", "breakerRecovers")) {
      JsonNode c = o.get("checks").get(check);
      assertTrue(c != null && c.get("valid").asBoolean(), check + ": " + o.get("checks"));
    }
  }

  @Test
  void sameSeedGivesSameTraceHashAndDifferentSeedsDiffer() throws Exception {
    String first = runJson(11).get("traceHash").asText();
    assertEquals(first, runJson(11).get("traceHash").asText());
    assertNotEquals(first, runJson(12).get("traceHash").asText());
  }

  @Test
  void textSummaryExplainsTheTradeOff() {
    String text = caplab("run", CircuitBreakerScenario.NAME, "--seed", "1")[0];
    assertTrue(text.startsWith("circuit-breaker (seed 1)"), text);
    assertTrue(text.contains("tying up its slots"), text);
    assertTrue(text.contains("The cost:"), text);
    assertTrue(text.contains("Breaker state changes"), text);
  }

  @Test
  void theScenarioIsListed() {
    String text = caplab("scenarios")[0];
    assertTrue(text.contains(CircuitBreakerScenario.NAME), text);
  }
}
