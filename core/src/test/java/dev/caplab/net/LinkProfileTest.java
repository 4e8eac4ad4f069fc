package dev.caplab.net;

import static java.time.Duration.ofMillis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** A link profile's copy, its per-kind latencies and the text a user reads of it. */
class LinkProfileTest {

  /** A user's model that does not describe itself: the text names its class. */
  static final class Fixed implements LatencyModel {
    @Override
    public long sampleNanos(RandomGenerator random) {
      return 5;
    }

    @Override
    public double meanNanos() {
      return 5;
    }
  }

  @Test
  void fromCopiesEverySettingAndLeavesTheBaseAlone() {
    LatencyModel slow = LatencyModel.constant(ofMillis(9));
    LinkProfile base = LinkProfile.custom().latency(LatencyModel.constant(ofMillis(2))).latency(String.class, slow)
        .loss(0.1).duplication(0.2).fifo(true).build();
    LinkProfile copy = LinkProfile.from(base).build();
    assertEquals(base.toString(), copy.toString());
    assertSame(base.latency(), copy.latency());
    assertEquals(Map.of(String.class, slow), copy.latencyByKind());
    assertEquals(0.1, copy.loss());
    assertEquals(0.2, copy.duplication());
    assertEquals(true, copy.fifo());
    assertSame(slow, copy.latencyFor(String.class));
    assertSame(base.latency(), copy.latencyFor(Integer.class), "other kinds take the link's latency");

    LinkProfile changed = LinkProfile.from(base).loss(0.3).latency(Integer.class, slow).build();
    assertEquals(0.1, base.loss());
    assertEquals(Map.of(String.class, slow), base.latencyByKind());
    assertEquals(2, changed.latencyByKind().size());
  }

  @Test
  void theTextNamesTheLatenciesPerKindAndAModelThatDoesNotDescribeItself() {
    assertEquals("LinkProfile{latency=constant(1ms), loss=0.0, duplication=0.0, fifo=false}",
        LinkProfile.ofDefaults().toString());
    LinkProfile p = LinkProfile.custom().latency(new Fixed()).latency(String.class, LatencyModel.constant(ofMillis(3)))
        .latency(Integer.class, new Fixed()).fifo(true).build();
    assertEquals("LinkProfile{latency=dev.caplab.net.LinkProfileTest$Fixed, byKind={java.lang.String=constant(3ms), "
        + "java.lang.Integer=dev.caplab.net.LinkProfileTest$Fixed}, loss=0.0, duplication=0.0, fifo=true}", p.toString());
  }
}
