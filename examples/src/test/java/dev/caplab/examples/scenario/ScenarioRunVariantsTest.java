package dev.caplab.examples.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caplab.sim.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Running every variant of a scenario: each once, in declared order, on its own simulation. */
class ScenarioRunVariantsTest {

  enum Design implements VariantKey {
    FIRST("first"), SECOND("second");

    private final String key;

    Design(String key) {
      this.key = key;
    }

    @Override
    public String key() {
      return key;
    }
  }

  private static final Scenario SCENARIO = new Scenario() {
    @Override
    public String name() {
      return "designs";
    }

    @Override
    public String description() {
      return "two designs";
    }

    @Override
    public String question() {
      return "which?";
    }

    @Override
    public List<String> variants() {
      return VariantKey.keysOf(Design.values());
    }

    @Override
    public void run(ScenarioRun run) {}
  };

  @Test
  void eachVariantRunsOnceInDeclaredOrderOnItsOwnSimulation() {
    ScenarioRun run = new ScenarioRun(SCENARIO, 42);
    List<String> order = new ArrayList<>();
    List<Simulation> sims = new ArrayList<>();
    Map<Design, String> results = run.eachVariant(Design.class, (sim, d) -> {
      order.add(d.key());
      sims.add(sim);
      return d.key() + "@" + sim.now();
    });
    assertEquals(List.of("first", "second"), order);
    assertEquals(Map.of(Design.FIRST, "first@0", Design.SECOND, "second@0"), results);
    assertEquals(List.of(Design.FIRST, Design.SECOND), List.copyOf(results.keySet()));
    assertNotSame(sims.get(0), sims.get(1));
    assertThrows(IllegalStateException.class, () -> run.simulation("first"), "a variant runs once");
  }
}
