package dev.caplab.messaging.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.messaging.log.LogMessage.CommitAnswer;
import dev.caplab.messaging.log.LogMessage.CommitOffset;
import dev.caplab.messaging.log.LogMessage.Fetch;
import dev.caplab.messaging.log.LogMessage.FetchOffset;
import dev.caplab.messaging.log.LogMessage.Fetched;
import dev.caplab.messaging.log.LogMessage.Heartbeat;
import dev.caplab.messaging.log.LogMessage.HeartbeatOk;
import dev.caplab.messaging.log.LogMessage.InitProducerId;
import dev.caplab.messaging.log.LogMessage.JoinGroup;
import dev.caplab.messaging.log.LogMessage.Joined;
import dev.caplab.messaging.log.LogMessage.LeaveGroup;
import dev.caplab.messaging.log.LogMessage.Left;
import dev.caplab.messaging.log.LogMessage.OffsetFetched;
import dev.caplab.messaging.log.LogMessage.OutOfRange;
import dev.caplab.messaging.log.LogMessage.Produce;
import dev.caplab.messaging.log.LogMessage.Produced;
import dev.caplab.messaging.log.LogMessage.ProducerIdGranted;
import dev.caplab.messaging.log.LogMessage.Refused;
import dev.caplab.messaging.log.LogMessage.UnknownMember;
import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.node.NodeHandlerException;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The broker's answers, its durability across a crash, and its refusals. */
class LogBrokerTest {

  private static final GroupConfig GROUPS = GroupConfig.custom().sessionTimeout(Duration.ofSeconds(1)).build();

  private final Simulation sim = Simulation.withSeed(1);
  private final Cluster cluster = Cluster.create(sim);
  private final NodeId broker = cluster.add("broker",
      () -> new LogBroker(Map.of("t", TopicConfig.ofPartitions(2)), GROUPS));

  /** Sends requests one after the other (each may depend on the answers so far) and keeps the answers. */
  static final class Probe implements Node {
    final List<Function<List<Object>, Object>> requests;
    final List<Object> answers = new ArrayList<>();

    Probe(List<Function<List<Object>, Object>> requests) {
      this.requests = requests;
    }

    @Override
    public void onStart(NodeContext ctx) {
      next(ctx);
    }

    void next(NodeContext ctx) {
      if (answers.size() < requests.size()) {
        ctx.call(ctx.node("broker"), requests.get(answers.size()).apply(answers), Duration.ofSeconds(1))
            .onReply(r -> {
              answers.add(r.message());
              next(ctx);
            });
      }
    }

    @Override
    public void onMessage(NodeContext ctx, Envelope envelope) {}
  }

  private List<Object> ask(String name, List<Function<List<Object>, Object>> requests) {
    Probe probe = new Probe(requests);
    cluster.add(name, () -> probe);
    sim.runUntilQuiescent();
    return probe.answers;
  }

  @Test
  void itAnswersEveryRequestOfTheProtocol() {
    List<Object> a = ask("probe", List.of(
        x -> new InitProducerId(),
        x -> new Produce(new ProduceRequest<>("t", 1, ((ProducerIdGranted) x.get(0)).producerId(), 0, "k", "v")),
        x -> new Produce(new ProduceRequest<>("t", 1, ((ProducerIdGranted) x.get(0)).producerId(), 0, "k", "v")),
        x -> new Fetch("t", 1, 0, 10),
        x -> new Fetch("t", 1, 5, 10),
        x -> new JoinGroup("g", "t", "probe"),
        x -> new Heartbeat("g", "t", ((Joined) x.get(5)).assignment().memberId()),
        x -> new CommitOffset("g", "t", ((Joined) x.get(5)).assignment().memberId(), 1, 1, 1),
        x -> new FetchOffset("g", "t", 1),
        x -> new LeaveGroup("g", "t", ((Joined) x.get(5)).assignment().memberId()),
        x -> new Heartbeat("g", "t", ((Joined) x.get(5)).assignment().memberId())));
    assertEquals(new ProducerIdGranted(0), a.get(0));
    assertEquals(new Produced(new AppendResult("t", 1, 0, false)), a.get(1));
    assertEquals(new Produced(new AppendResult("t", 1, 0, true)), a.get(2));
    Fetched fetched = assertInstanceOf(Fetched.class, a.get(3));
    assertEquals(1, fetched.nextOffset());
    assertEquals("v", fetched.records().get(0).value());
    assertEquals(new OutOfRange("t", 1, 0, 1), a.get(4));
    assertEquals(new Joined(new Assignment("probe-1", 1, List.of(0, 1))), a.get(5));
    assertEquals(new HeartbeatOk(new Assignment("probe-1", 1, List.of(0, 1))), a.get(6));
    assertEquals(new CommitAnswer(CommitResult.COMMITTED), a.get(7));
    assertEquals(new OffsetFetched(1, 1), a.get(8));
    assertEquals(new Left("probe-1"), a.get(9));
    assertEquals(new UnknownMember("probe-1"), a.get(10));
  }

  @Test
  void aRestartedBrokerKeepsRecordsCommitsProducerIdsAndSequences() {
    ask("before", List.of(
        x -> new InitProducerId(),
        x -> new Produce(new ProduceRequest<>("t", 0, 0, 0, "k", "a")),
        x -> new Produce(new ProduceRequest<>("t", 0, 0, 1, "k", "b")),
        x -> new JoinGroup("g/with/slashes", "t", "c"),
        x -> new CommitOffset("g/with/slashes", "t", ((Joined) x.get(3)).assignment().memberId(), 1, 0, 2)));
    long appendedAt = cluster.node(broker, LogBroker.class).log().read("t", 0, 0, 1).get(0).timestamp();
    sim.runFor(Duration.ofMillis(100));
    cluster.crash(broker);
    cluster.restart(broker);
    List<Object> a = ask("after", List.of(
        x -> new Produce(new ProduceRequest<>("t", 0, 0, 1, "k", "b")), // a retry across the crash
        x -> new FetchOffset("g/with/slashes", "t", 0),
        x -> new InitProducerId(),
        x -> new Fetch("t", 0, 0, 10)));
    assertEquals(new Produced(new AppendResult("t", 0, 1, true)), a.get(0));
    assertEquals(new OffsetFetched(0, 2), a.get(1));
    assertEquals(new ProducerIdGranted(1), a.get(2));
    Fetched f = (Fetched) a.get(3);
    assertEquals(List.of("a", "b"), f.records().stream().map(LogRecord::value).toList());
    assertEquals(appendedAt, f.records().get(0).timestamp());
  }

  @Test
  void badRequestsAreRefusedWithTheReason() {
    List<Object> a = ask("probe", List.of(
        x -> new Fetch("nope", 0, 0, 1),
        x -> new Fetch("t", 2, 0, 1),
        x -> new Produce(new ProduceRequest<>("t", 0, 7, 0, null, "v"))));
    assertEquals(new Refused("topic must be one of [t], got 'nope'"), a.get(0));
    assertEquals(new Refused("partition must be between 0 and 1 (topic t has 2), got 2"), a.get(1));
    assertEquals(new Refused("producerId must come from initProducerId(), which has given out none, got 7"), a.get(2));
  }

  @Test
  void aMessageOutsideTheProtocolIsABugAndStopsTheRun() {
    cluster.add("rogue", () -> new Node() {
      @Override
      public void onStart(NodeContext ctx) {
        ctx.send(ctx.node("broker"), "hello");
      }

      @Override
      public void onMessage(NodeContext ctx, Envelope envelope) {}
    });
    NodeHandlerException e = assertThrows(NodeHandlerException.class, sim::runUntilQuiescent);
    assertEquals("message must be a LogMessage request, got hello", e.getCause().getMessage());
  }

  @Test
  void aBrokerNeedsTopics() {
    assertEquals("topics must name at least one topic, got none",
        assertThrows(IllegalArgumentException.class, () -> new LogBroker(Map.of(), GROUPS)).getMessage());
    assertTrue(new LogBroker(Map.of("t", TopicConfig.ofDefaults()), GROUPS).log() == null);
  }
}
