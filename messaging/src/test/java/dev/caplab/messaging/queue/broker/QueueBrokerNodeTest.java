package dev.caplab.messaging.queue.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caplab.messaging.queue.QueueConfig;
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
import org.junit.jupiter.api.Test;

class QueueBrokerNodeTest {

  /** Sends its requests in order, one per millisecond, and records the answers. */
  static final class Script implements Node {
    final List<QueueProtocol.Request> requests = new ArrayList<>();
    final List<Object> answers = new ArrayList<>();

    @Override
    public void onStart(NodeContext ctx) {
      ctx.schedule(Duration.ofMillis(1), () -> next(ctx, 0));
    }

    void next(NodeContext ctx, int i) {
      if (i < requests.size()) {
        ctx.call(ctx.node("broker"), requests.get(i), Duration.ofSeconds(1))
            .onReply(r -> {
              answers.add(r.message());
              next(ctx, i + 1);
            });
      }
    }

    @Override
    public void onMessage(NodeContext ctx, Envelope envelope) {}
  }

  final Simulation sim = Simulation.withSeed(1);
  final Cluster cluster = Cluster.create(sim);
  final Map<String, QueueConfig> queues = new LinkedHashMap<>();
  NodeId broker;

  void start() {
    cluster.network().setDefaultProfile(LinkProfile.custom()
        .latency(LatencyModel.constant(Duration.ofMillis(1))).build());
    queues.put("dlq", QueueConfig.ofDefaults());
    queues.put("q", QueueConfig.custom().redrivePolicy(RedrivePolicy.of("dlq", 2)).build());
    broker = cluster.add("broker", () -> new QueueBrokerNode(queues));
  }

  List<Object> script(QueueProtocol.Request... requests) {
    Script s = new Script();
    s.requests.addAll(List.of(requests));
    cluster.add("client" + cluster.ids().size(), () -> s);
    sim.runFor(Duration.ofSeconds(1));
    return s.answers;
  }

  @Test
  void badRequestsAreRefusedWithTheQueueServicesMessage() {
    start();
    List<Object> answers = script(
        new QueueProtocol.Send("nope", "x"),
        new QueueProtocol.Receive("q", 11, 0),
        new QueueProtocol.GetStats("q"));
    assertEquals(new QueueProtocol.Refused("queue must be one of [dlq, q], got nope"), answers.get(0));
    assertEquals(new QueueProtocol.Refused("maxMessages must be between 1 and 10, got 11"), answers.get(1));
    assertEquals(0, ((QueueProtocol.Stats) answers.get(2)).stats().sent());
  }

  @Test
  void aRestartedBrokerReplaysItsLogSoReceiptsStayValid() {
    start();
    List<Object> before = script(
        new QueueProtocol.Send("q", "a"),
        new QueueProtocol.Send("q", "b"),
        new QueueProtocol.Receive("q", 10, Duration.ofMinutes(1).toNanos()));
    QueueProtocol.Received received = (QueueProtocol.Received) before.get(2);
    assertEquals(2, received.messages().size());
    cluster.crash(broker);
    cluster.restart(broker);
    List<Object> after = script(
        new QueueProtocol.Delete(received.messages().get(0).receipt()),
        new QueueProtocol.Receive("q", 10, 0),
        new QueueProtocol.GetStats("q"));
    assertEquals(new QueueProtocol.Done(true), after.get(0));
    assertEquals(new QueueProtocol.Received(List.of()), after.get(1), "b is still in flight after the restart");
    QueueProtocol.Stats stats = (QueueProtocol.Stats) after.get(2);
    assertEquals(2, stats.stats().sent());
    assertEquals(1, stats.stats().deleted());
    assertEquals(1, stats.stats().inFlight());
  }

  @Test
  void aRequestOfAnotherProtocolIsABug() {
    start();
    Node node = new QueueBrokerNode(queues);
    assertThrows(IllegalArgumentException.class, () -> node.onMessage(null, new Envelope(1, null, null, "hello", 0, 0, false)));
  }

  @Test
  void releaseAndDeadLetterGoThroughTheBroker() {
    start();
    long minute = Duration.ofMinutes(1).toNanos();
    List<Object> first = script(new QueueProtocol.Send("q", "pill"), new QueueProtocol.Receive("q", 1, minute));
    QueueProtocol.Received r = (QueueProtocol.Received) first.get(1);
    List<Object> next = script(
        new QueueProtocol.Release(r.messages().get(0).receipt(), "bad", 0),
        new QueueProtocol.Receive("q", 1, minute));
    assertEquals(new QueueProtocol.Done(true), next.get(0));
    QueueProtocol.Received again = (QueueProtocol.Received) next.get(1);
    List<Object> last = script(
        new QueueProtocol.DeadLetter(again.messages().get(0).receipt(), "malformed"),
        new QueueProtocol.Receive("dlq", 1, 0));
    assertEquals(new QueueProtocol.Done(true), last.get(0));
    QueueProtocol.Received dead = (QueueProtocol.Received) last.get(1);
    assertEquals("malformed", dead.messages().get(0).deadLetter().reason());
    assertEquals(2, dead.messages().get(0).deadLetter().receiveCount());
  }
}
