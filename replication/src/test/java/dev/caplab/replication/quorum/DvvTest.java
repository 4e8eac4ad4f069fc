package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.NodeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dotted version vectors: server-side actors that never lose a concurrent write. */
class DvvTest {

  private static final ReadOptions READ_ALL = ReadOptions.of(Consistency.ALL);
  private static final WriteOptions WRITE_ALL = WriteOptions.of(Consistency.ALL);

  static final Versioning UNDER_TEST = Versioning.DVV;

  @Test
  void twoBlindWritesThroughTheSameCoordinatorBothSurvive() {
    Fixture f = new Fixture(7, 3, 1, Fixture.quiet().versioning(UNDER_TEST).build(), Fixture.constantMs(1));
    NodeId n0 = f.store.storeNodes().get(0);
    List<QuorumResult> out = new ArrayList<>();
    f.store.write(n0, "x", "a", WRITE_ALL, out::add);
    f.store.write(n0, "x", "b", WRITE_ALL, out::add);
    f.sim.runUntil(() -> out.size() == 2, Duration.ofSeconds(10));
    assertTrue(out.get(0).ok() && out.get(1).ok(), out.toString());
    ReadOk read = (ReadOk) f.read(0, "x", READ_ALL);
    assertEquals(List.of("a", "b"), read.values().stream().sorted().toList(),
        "neither concurrent write may supersede the other");
  }
}
