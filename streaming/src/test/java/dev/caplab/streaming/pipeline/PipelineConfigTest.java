package dev.caplab.streaming.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pipeline's settings: defaults, copies, bounds. */
class PipelineConfigTest {

  @Test
  void defaultsAreTheDocumentedConstants() {
    PipelineConfig c = PipelineConfig.ofDefaults();
    assertEquals(32, c.bufferCapacity());
    assertEquals(PipelineConfig.DEFAULT_BUFFER_CAPACITY, c.bufferCapacity());
    assertSame(BufferMode.BACKPRESSURE, c.bufferMode());
    assertEquals(Duration.ofMillis(1), c.roundInterval());
    assertEquals(500, c.maxPollRecords());
    assertEquals(Optional.empty(), c.checkpointInterval());
    assertEquals("PipelineConfig{bufferCapacity=32, bufferMode=BACKPRESSURE, roundInterval=1ms, maxPollRecords=500,"
        + " checkpointInterval=none}", c.toString());
  }

  @Test
  void fromCopiesEverySetting() {
    PipelineConfig c = PipelineConfig.custom().bufferCapacity(1).bufferMode(BufferMode.SHED)
        .roundInterval(Duration.ofNanos(1)).maxPollRecords(1).checkpointInterval(Duration.ofNanos(1)).build();
    PipelineConfig copy = PipelineConfig.from(c).build();
    assertEquals(c.toString(), copy.toString());
    assertEquals(1, copy.bufferCapacity());
    assertSame(BufferMode.SHED, copy.bufferMode());
    assertEquals(Duration.ofNanos(1), copy.roundInterval());
    assertEquals(1, copy.maxPollRecords());
    assertEquals(Optional.of(Duration.ofNanos(1)), copy.checkpointInterval());
  }

  @Test
  void badValuesNameTheSettingAndTheBound() {
    assertEquals("maxPollRecords must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
        () -> PipelineConfig.custom().maxPollRecords(0)).getMessage());
    assertEquals("roundInterval must be > 0s, got 0s", assertThrows(IllegalArgumentException.class,
        () -> PipelineConfig.custom().roundInterval(Duration.ZERO)).getMessage());
    assertEquals("bufferCapacity must be >= 1, got -3", assertThrows(IllegalArgumentException.class,
        () -> PipelineConfig.custom().bufferCapacity(-3)).getMessage());
    assertThrows(NullPointerException.class, () -> PipelineConfig.custom().bufferMode(null));
    assertThrows(NullPointerException.class, () -> PipelineConfig.from(null));
  }
}
