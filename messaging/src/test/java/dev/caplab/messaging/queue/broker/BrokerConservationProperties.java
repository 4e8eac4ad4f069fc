package dev.caplab.messaging.queue.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caplab.messaging.queue.QueueConfig;
import dev.caplab.messaging.queue.QueueStats;
import dev.caplab.messaging.queue.ReceivedMessage;
import dev.caplab.messaging.queue.RedrivePolicy;
import dev.caplab.net.Envelope;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Any sequence of queue commands and message-move tasks, with a broker crash and restart: every
 * message that entered a queue is deleted, moved out or still held (none disappears or appears from
 * nowhere), and the replayed broker has exactly the counters, depths and task progress it had.
 */
class BrokerConservationProperties {

  /** Sends one request per step, built from the step's code and the last messages received. */
  static final class Driver implements Node {
    final List<Integer> steps;
    List<ReceivedMessage> last = List.of();

    Driver(List<Integer> steps) {
      this.steps = steps;
    }

    @Override
    public void onStart(NodeContext ctx) {
      step(ctx, 0);
    }

    void step(NodeContext ctx, int i) {
      if (i == steps.size()) {
        return;
      }
      int code = steps.get(i);
      ReceivedMessage m = last.isEmpty() ? null : last.get(i % last.size());
      QueueProtocol.Request r = switch (code) {
        case 0, 1 -> new QueueProtocol.Send("q", "m" + i);
        case 2 -> new QueueProtocol.Receive("q", 1 + i % 10, code * 100_000_000L);
        case 3 -> m == null ? new QueueProtocol.GetStats("q") : new QueueProtocol.Delete(m.receipt());
        case 4 -> m == null ? new QueueProtocol.GetStats("q") : new QueueProtocol.Release(m.receipt(), "e", 0);
        case 5 -> m == null ? new QueueProtocol.GetStats("q") : new QueueProtocol.DeadLetter(m.receipt(), "bad");
        case 6 -> new QueueProtocol.StartMessageMoveTask("dlq", null, 1 + i % 3);
        default -> new QueueProtocol.Receive("dlq", 10, 0);
      };
      ctx.call(ctx.node("broker"), r, Duration.ofSeconds(1)).onReply(a -> {
        if (a.message() instanceof QueueProtocol.Received got && !got.messages().isEmpty()) {
          last = got.messages();
        }
        ctx.schedule(Duration.ofMillis(1 + i % 300), () -> step(ctx, i + 1));
      });
    }

    @Override
    public void onMessage(NodeContext ctx, Envelope envelope) {}
  }

  record State(QueueStats q, QueueStats dlq, List<QueueProtocol.MoveTaskStatus> tasks) {}

  static State state(Cluster cluster, NodeId broker) {
    QueueBrokerNode b = cluster.node(broker, QueueBrokerNode.class);
    return new State(b.service().queue("q").stats(), b.service().queue("dlq").stats(), b.messageMoveTasks("dlq"));
  }

  @Property(tries = 60)
  void nothingDisappearsAndAReplayRestoresEverything(
      @ForAll @Size(max = 80) List<@IntRange(min = 0, max = 7) Integer> steps,
      @ForAll @IntRange(min = 1, max = 20_000) int crashAtMillis) {
    Simulation sim = Simulation.withSeed(crashAtMillis);
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(LinkProfile.custom()
        .latency(LatencyModel.constant(Duration.ofMillis(1))).build());
    Map<String, QueueConfig> queues = new LinkedHashMap<>();
    queues.put("dlq", QueueConfig.ofDefaults());
    queues.put("q", QueueConfig.custom().redrivePolicy(RedrivePolicy.of("dlq", 2)).build());
    NodeId broker = cluster.add("broker", () -> new QueueBrokerNode(queues));
    cluster.add("driver", () -> new Driver(new ArrayList<>(steps)));
    sim.runFor(Duration.ofMillis(crashAtMillis));
    State before = state(cluster, broker);
    cluster.crash(broker);
    cluster.restart(broker);
    sim.runFor(Duration.ofNanos(1));
    State after = state(cluster, broker);
    assertEquals(before, after, "the replay restores the broker");
    sim.runFor(Duration.ofSeconds(60)); // the driver's calls that met the crash time out; tasks finish
    State end = state(cluster, broker);
    for (QueueStats s : List.of(end.q(), end.dlq())) {
      assertEquals(s.entered(), s.left() + s.held(), s.toString());
    }
    assertEquals(end.dlq().redrivenOut(), end.q().redrivenIn(), "each moved message arrives once");
    assertEquals(end.q().deadLetteredOut(), end.dlq().deadLetteredIn());
    assertEquals(end.dlq().redrivenOut(), end.tasks().stream().mapToLong(QueueProtocol.MoveTaskStatus::moved).sum());
  }
}
