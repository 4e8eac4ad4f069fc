package dev.caplab.messaging.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A definition's shape, and the errors that name what is wrong with a bad one. */
class SagaDefinitionTest {

  private static final StepAction<String> OK = StepInvocation::succeeded;
  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void compensatableStepsComeFirstAndTheRestAreRetriable() {
    SagaDefinition<String> d = SagaDefinition.<String>builder("checkout")
        .step("reserve", OK, OK, SECOND).step("charge", OK, OK, SECOND)
        .retriableStep("email", OK, SECOND).retriableStep("warehouse", OK, SECOND).build();
    assertEquals("checkout", d.name());
    assertEquals(2, d.compensatableSteps());
    assertEquals(2, d.retriableSteps());
    assertEquals(List.of("reserve", "charge", "email", "warehouse"), d.steps().stream().map(SagaStep::name).toList());
    assertFalse(d.steps().get(1).retriable());
    assertTrue(d.steps().get(2).retriable());
    assertEquals("SagaDefinition[checkout: reserve, charge, email (retriable), warehouse (retriable)]", d.toString());
  }

  @Test
  void aSagaWithoutStepsIsRefusedAtBuild() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SagaDefinition.<String>builder("empty").build());
    assertEquals("steps of saga 'empty' must be at least one, got none", e.getMessage());
  }

  @Test
  void aDuplicateStepNameIsRefused() {
    SagaDefinition.Builder<String> b = SagaDefinition.<String>builder("s").step("reserve", OK, OK, SECOND);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> b.retriableStep("reserve", OK, SECOND));
    assertEquals("stepName must be unique in saga 's', got 'reserve' twice", e.getMessage());
  }

  @Test
  void aNullCompensationIsRefusedNamingTheStep() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SagaDefinition.<String>builder("s").step("charge", OK, null, SECOND));
    assertTrue(e.getMessage().startsWith("compensation of step 'charge' must not be null"), e.getMessage());
  }

  @Test
  void aNonPositiveTimeoutIsRefusedWithItsValue() {
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> SagaDefinition.<String>builder("s").step("charge", OK, OK, Duration.ZERO));
    assertEquals("timeout of step 'charge' must be > 0s, got 0s", zero.getMessage());
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> SagaDefinition.<String>builder("s").retriableStep("email", OK, Duration.ofMillis(-5)));
    assertEquals("timeout of step 'email' must be > 0s, got -5ms", negative.getMessage());
    SagaDefinition<String> tiny = SagaDefinition.<String>builder("s").step("a", OK, OK, Duration.ofNanos(1)).build();
    assertEquals(Duration.ofNanos(1), tiny.steps().get(0).timeout());
  }

  @Test
  void nullsAndBlanksAreRefusedNamingTheParameter() {
    SagaDefinition.Builder<String> b = SagaDefinition.<String>builder("s");
    assertEquals("action of step 'a' must not be null",
        assertThrows(IllegalArgumentException.class, () -> b.step("a", null, OK, SECOND)).getMessage());
    assertEquals("timeout of step 'a' must not be null",
        assertThrows(IllegalArgumentException.class, () -> b.step("a", OK, OK, null)).getMessage());
    assertEquals("stepName must not be null",
        assertThrows(IllegalArgumentException.class, () -> b.retriableStep(null, OK, SECOND)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> b.retriableStep(" ", OK, SECOND));
    assertThrows(IllegalArgumentException.class, () -> SagaDefinition.<String>builder(""));
  }

  @Test
  void aCompensatableStepAfterARetriableOneIsRefused() {
    SagaDefinition.Builder<String> b = SagaDefinition.<String>builder("s").retriableStep("email", OK, SECOND);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.step("charge", OK, OK, SECOND));
    assertEquals("step 'charge' must come before the retriable steps [email]: the point of no return is after the"
        + " last compensatable step", e.getMessage());
  }

  @Test
  void atMost64RetriableSteps() {
    SagaDefinition.Builder<String> b = SagaDefinition.<String>builder("s");
    for (int i = 0; i < SagaDefinition.MAX_RETRIABLE_STEPS; i++) {
      b.retriableStep("r" + i, OK, SECOND);
    }
    assertThrows(IllegalArgumentException.class, () -> b.retriableStep("one-more", OK, SECOND));
    assertEquals(64, b.build().retriableSteps());
  }
}
