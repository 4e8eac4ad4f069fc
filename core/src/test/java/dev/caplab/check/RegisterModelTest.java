package dev.caplab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The register model's states and the initial values it accepts. */
class RegisterModelTest {

  /** A register holds a Long, a String or null; any other initial value is refused by name. */
  @Test
  void anInitialValueOfAnotherTypeIsRefused() {
    assertEquals("initial must be a Long, a String or null, got 1 (Integer)",
        assertThrows(IllegalArgumentException.class, () -> Models.register(1)).getMessage());
    assertEquals("initial must be a Long, a String or null, got 1.5 (Double)",
        assertThrows(IllegalArgumentException.class, () -> Models.kv(1.5)).getMessage());
    assertEquals(5L, Models.register(5L).value(Models.register(5L).init()));
    assertEquals("x", Models.kv("x").value(Models.kv("x").init()));
    assertEquals(null, Models.casRegister(null).value(Models.casRegister(null).init()));
  }

  /**
   * The null state is looked up in the search's memo by its hash: it must not share one with
   * 0 or the empty string (both hash to 0), the values a register most often starts from or
   * holds next to null, or those states would all fall in one chain of the table.
   */
  @Test
  void theNullStateHashesApartFromZeroAndTheEmptyString() {
    Object nil = Models.register().init();
    for (Object other : List.of(0L, "", 1L)) {
      assertNotEquals(other.hashCode(), nil.hashCode(), "null and " + other);
    }
    assertEquals(nil.hashCode(), Models.kv(null).init().hashCode(), "a constant, not an identity");
  }
}
