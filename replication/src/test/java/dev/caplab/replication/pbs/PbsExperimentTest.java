package dev.caplab.replication.pbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.replication.quorum.FanOut;
import dev.caplab.replication.quorum.QuorumMessage;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PbsExperimentTest {

  @Test
  void profilesByNameIgnoringCase() {
    for (String name : List.of("LNKD-SSD", "lnkd-disk", "Ymmr", "wan")) {
      assertEquals(name.toUpperCase(java.util.Locale.ROOT), PbsProfile.byName(name).name());
    }
    PbsProfile exp = PbsProfile.byName("exp:1,2,3,4");
    assertEquals(2e6, exp.ack().meanNanos(), 1);
    assertEquals(4e6, exp.response().meanNanos(), 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"FAST", "exp:1,2,3", "exp:1,2,x,4", "exp:1,2,0,4", "exp:1,2,-3,4", "exp:"})
  void badProfilesSayWhatIsWrong(String name) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PbsProfile.byName(name));
    assertTrue(e.getMessage().contains(name.isEmpty() ? "profile" : name), e.getMessage());
  }

  @Test
  void wanAddsSeventyFiveMillisecondsToNonLocalReplicasOnly() {
    Cluster cluster = Cluster.create(Simulation.withSeed(1));
    NodeId a = cluster.add("a", () -> new dev.caplab.node.Node() {
      @Override
      public void onStart(dev.caplab.node.NodeContext ctx) {}

      @Override
      public void onMessage(dev.caplab.node.NodeContext ctx, dev.caplab.net.Envelope e) {}
    });
    NodeId b = cluster.add("b", () -> new dev.caplab.node.Node() {
      @Override
      public void onStart(dev.caplab.node.NodeContext ctx) {}

      @Override
      public void onMessage(dev.caplab.node.NodeContext ctx, dev.caplab.net.Envelope e) {}
    });
    PbsProfile.byName("WAN").install(cluster, a, List.of(a, b));
    double local = cluster.network().profile(a, a).latencyFor(QuorumMessage.ReadRequest.class).meanNanos();
    double remote = cluster.network().profile(a, b).latencyFor(QuorumMessage.ReadRequest.class).meanNanos();
    double back = cluster.network().profile(b, a).latencyFor(QuorumMessage.ReadResponse.class).meanNanos();
    assertEquals(75e6, remote - local, 1e3);
    assertTrue(back > 75e6, "responses from b are remote too: " + back);
  }

  @Test
  void strictQuorumsAreAlwaysConsistent() {
    PbsResult r = PbsExperiment.builder(PbsProfile.byName("LNKD-DISK")).quorum(3, 2, 2).trials(2000)
        .tMillis(List.of(0.0)).build().run();
    assertEquals(2000, r.rows().get(0).trials());
    assertEquals(1.0, r.rows().get(0).pConsistent());
    assertEquals(0, r.rows().get(0).failed());
  }

  @Test
  void readsLaterAreMoreOftenConsistentUnderFullFanOut() {
    PbsResult r = PbsExperiment.builder(PbsProfile.byName("LNKD-DISK")).quorum(3, 1, 1).trials(5000)
        .tMillis(List.of(0.0, 20.0)).seed(4).build().run();
    assertTrue(r.rows().get(1).pConsistent() > r.rows().get(0).pConsistent() + 0.3, r.toString());
  }

  @Test
  void moreStoreNodesThanReplicasStillMeasuresTheKeysReplicas() {
    PbsResult r = PbsExperiment.builder(PbsProfile.byName("exp:1,1,1,1")).quorum(3, 1, 1).nodes(6)
        .fanOut(FanOut.QUORUM_ONLY).trials(6000).tMillis(List.of(0.0)).build().run();
    double p = r.rows().get(0).pConsistent();
    assertEquals(1.0 / 3, p, 4 * Math.sqrt(2.0 / 9 / 6000), "P(consistent) " + p);
  }

  @Test
  void sameSeedSameResult() {
    PbsExperiment e = PbsExperiment.builder(PbsProfile.byName("YMMR")).trials(500).seed(11).build();
    assertEquals(e.run(), e.run());
  }

  @Test
  void invalidSettingsNameTheBound() {
    PbsExperiment.Builder b = PbsExperiment.builder(PbsProfile.byName("LNKD-SSD"));
    assertEquals("read replicas R must be between 1 and N (3), got R=4",
        assertThrows(IllegalArgumentException.class, () -> b.quorum(3, 4, 1).build()).getMessage());
    assertEquals("write replicas W must be between 1 and N (3), got W=0",
        assertThrows(IllegalArgumentException.class, () -> b.quorum(3, 1, 0).build()).getMessage());
    assertEquals("replication factor N must be at most the number of store nodes (2), got N=3",
        assertThrows(IllegalArgumentException.class, () -> b.quorum(3, 1, 1).nodes(2).build()).getMessage());
    assertThrows(IllegalArgumentException.class, () -> b.nodes(3).trials(0).build());
    assertThrows(IllegalArgumentException.class, () -> b.trials(1).tMillis(List.of(-1.0)).build());
    assertThrows(IllegalArgumentException.class, () -> b.tMillis(List.of()).build());
    assertEquals(Duration.ofMillis(75), PbsProfile.WAN_DELAY);
  }
}
