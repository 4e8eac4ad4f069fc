package dev.caplab.messaging.queue.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.messaging.queue.MessageMoveTask;
import dev.caplab.messaging.queue.MessageQueue;
import dev.caplab.messaging.queue.QueueConfig;
import dev.caplab.messaging.queue.QueueStats;
import dev.caplab.messaging.queue.ReceivedMessage;
import dev.caplab.messaging.queue.RedrivePolicy;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The broker runs message-move tasks on its own timers, and a restart resumes them from its log. */
class BrokerMessageMoveTaskTest {

  static final int DEAD = 25;

  final Simulation sim = Simulation.withSeed(1);
  final Cluster cluster = Cluster.create(sim);
  NodeId broker;
  long startedAt;

  /** A broker whose dead-letter queue holds {@link #DEAD} messages from "q"; returns the start request's answers. */
  void deadLetterEverything() {
    cluster.network().setDefaultProfile(LinkProfile.custom()
        .latency(LatencyModel.constant(Duration.ofMillis(1))).build());
    Map<String, QueueConfig> queues = new LinkedHashMap<>();
    queues.put("dlq", QueueConfig.ofDefaults());
    queues.put("q", QueueConfig.custom().redrivePolicy(RedrivePolicy.of("dlq", 1)).build());
    broker = cluster.add("broker", () -> new QueueBrokerNode(queues));
    List<QueueProtocol.Request> fill = new ArrayList<>();
    for (int i = 0; i < DEAD; i++) {
      fill.add(new QueueProtocol.Send("q", "m" + i));
    }
    for (int i = 0; i < 4; i++) {
      fill.add(new QueueProtocol.Receive("q", 10, 0)); // once each, then moved to dlq
    }
    script(fill.toArray(QueueProtocol.Request[]::new));
    assertEquals(DEAD, service().queue("dlq").stats().visible());
  }

  QueueBrokerNode brokerNode() {
    return cluster.node(broker, QueueBrokerNode.class);
  }

  dev.caplab.messaging.queue.QueueService service() {
    return brokerNode().service();
  }

  List<Object> script(QueueProtocol.Request... requests) {
    QueueBrokerNodeTest.Script s = new QueueBrokerNodeTest.Script();
    s.requests.addAll(List.of(requests));
    cluster.add("client" + cluster.ids().size(), () -> s);
    sim.runFor(Duration.ofMillis(100));
    return s.answers;
  }

  /** Starts the task; the broker starts it 2 ms into the 100 ms script. */
  QueueProtocol.MoveTaskStarted start(int rate) {
    List<Object> a = script(new QueueProtocol.StartMessageMoveTask("dlq", null, rate));
    startedAt = sim.now() - Duration.ofMillis(100).toNanos() + Duration.ofMillis(2).toNanos();
    return (QueueProtocol.MoveTaskStarted) a.get(0);
  }

  /** Runs the simulation to {@code nanos} after the task started. */
  void runToAfterStart(Duration d) {
    sim.runFor(Duration.ofNanos(startedAt + d.toNanos() - sim.now()));
  }

  void restartBroker() {
    cluster.restart(broker);
    sim.runFor(Duration.ofNanos(1)); // the restart boots the node on its next event
  }

  QueueProtocol.MoveTaskStatus task() {
    return brokerNode().messageMoveTasks("dlq").get(0);
  }

  void assertEveryBodyOnceInQ() {
    MessageQueue q = service().queue("q");
    List<String> bodies = new ArrayList<>();
    for (List<ReceivedMessage> got = q.receive(10, Duration.ofHours(1)); !got.isEmpty();
        got = q.receive(10, Duration.ofHours(1))) {
      got.forEach(m -> bodies.add(m.body()));
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < DEAD; i++) {
      expected.add("m" + i);
    }
    assertEquals(expected, bodies);
    assertEquals(0, service().queue("dlq").size());
  }

  @Test
  void theBrokerMovesOneSecondsShareAtOnceAndOneEverySecondAfter() {
    deadLetterEverything();
    assertEquals(new QueueProtocol.MoveTaskStarted("dlq/move-1", DEAD), start(10));
    runToAfterStart(Duration.ofMillis(999));
    assertEquals(10, task().moved());
    runToAfterStart(Duration.ofMillis(1000));
    assertEquals(20, task().moved());
    assertEquals(MessageMoveTask.Status.RUNNING, task().status());
    runToAfterStart(Duration.ofMillis(2000));
    assertEquals(new QueueProtocol.MoveTaskStatus("dlq/move-1", "dlq", null, 10, MessageMoveTask.Status.COMPLETED,
        DEAD, DEAD, 0, startedAt), task());
    assertEveryBodyOnceInQ();
  }

  @Test
  void aBrokerRestartMidMoveResumesWithoutLosingOrDuplicatingMessages() {
    deadLetterEverything();
    start(10);
    runToAfterStart(Duration.ofMillis(1500));
    cluster.crash(broker);
    runToAfterStart(Duration.ofMillis(1700));
    restartBroker();
    assertEquals(20, task().moved(), "the replayed log holds the two cycles before the crash");
    assertEquals(MessageMoveTask.Status.RUNNING, task().status());
    assertEquals(20, service().queue("q").stats().visible());
    runToAfterStart(Duration.ofMillis(1999));
    assertEquals(20, task().moved(), "the restarted task waits for its next one-second boundary");
    runToAfterStart(Duration.ofMillis(2000));
    assertEquals(MessageMoveTask.Status.COMPLETED, task().status());
    QueueStats q = service().queue("q").stats();
    assertEquals(DEAD, q.redrivenIn());
    assertEquals(DEAD, service().queue("dlq").stats().redrivenOut());
    cluster.crash(broker);
    restartBroker();
    assertEquals(DEAD, task().moved(), "a completed task stays completed after a replay");
    assertEveryBodyOnceInQ();
  }

  @Test
  void aCancelledTaskStopsAndStaysCancelledAcrossARestart() {
    deadLetterEverything();
    start(10);
    runToAfterStart(Duration.ofMillis(1500));
    List<Object> a = script(new QueueProtocol.CancelMessageMoveTask("dlq/move-1"),
        new QueueProtocol.CancelMessageMoveTask("dlq/move-1"),
        new QueueProtocol.CancelMessageMoveTask("dlq/move-9"));
    assertEquals(new QueueProtocol.MoveTaskCancelled("dlq/move-1", 20), a.get(0));
    assertEquals(new QueueProtocol.Refused("message move task dlq/move-1 is CANCELLED: only a running task can be"
        + " cancelled"), a.get(1));
    assertEquals(new QueueProtocol.Refused("taskHandle must be one of [dlq/move-1], got dlq/move-9"), a.get(2));
    runToAfterStart(Duration.ofMillis(4000));
    assertEquals(20, task().moved());
    cluster.crash(broker);
    cluster.restart(broker);
    runToAfterStart(Duration.ofMillis(6000));
    assertEquals(MessageMoveTask.Status.CANCELLED, task().status());
    assertEquals(20, task().moved());
    assertEquals(DEAD - 20, service().queue("dlq").stats().visible());
  }

  @Test
  void tasksAreListedNewestFirstAndASecondRunningTaskIsRefused() {
    deadLetterEverything();
    start(1);
    List<Object> a = script(new QueueProtocol.StartMessageMoveTask("dlq", null, 5),
        new QueueProtocol.CancelMessageMoveTask("dlq/move-1"),
        new QueueProtocol.StartMessageMoveTask("dlq", "q", 500),
        new QueueProtocol.ListMessageMoveTasks("dlq"),
        new QueueProtocol.ListMessageMoveTasks("nope"),
        new QueueProtocol.StartMessageMoveTask("dlq", null, 501));
    assertEquals(new QueueProtocol.Refused("a message move task is already running on dlq: cancel it or let it"
        + " complete first"), a.get(0));
    assertEquals(new QueueProtocol.MoveTaskCancelled("dlq/move-1", 1), a.get(1));
    assertEquals(new QueueProtocol.MoveTaskStarted("dlq/move-2", DEAD - 1), a.get(2));
    List<QueueProtocol.MoveTaskStatus> listed = ((QueueProtocol.MoveTasks) a.get(3)).tasks();
    assertEquals(List.of("dlq/move-2", "dlq/move-1"), listed.stream().map(QueueProtocol.MoveTaskStatus::taskHandle).toList());
    assertEquals("q", listed.get(0).destination());
    assertEquals(MessageMoveTask.Status.COMPLETED, listed.get(0).status());
    assertEquals(new QueueProtocol.Refused("queue must be one of [dlq, q], got nope"), a.get(4));
    assertEquals(new QueueProtocol.Refused("maxMessagesPerSecond must be between 1 and 500, got 501"), a.get(5));
    assertEveryBodyOnceInQ();
  }

  @Test
  void listingShowsAtMostTenTasks() {
    deadLetterEverything();
    List<QueueProtocol.Request> r = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      r.add(new QueueProtocol.StartMessageMoveTask("dlq", null, 1));
      r.add(new QueueProtocol.CancelMessageMoveTask("dlq/move-" + (i + 1)));
    }
    r.add(new QueueProtocol.ListMessageMoveTasks("dlq"));
    List<Object> a = script(r.toArray(QueueProtocol.Request[]::new));
    List<QueueProtocol.MoveTaskStatus> listed = ((QueueProtocol.MoveTasks) a.get(a.size() - 1)).tasks();
    assertEquals(QueueProtocol.MAX_LISTED_MOVE_TASKS, listed.size());
    assertEquals("dlq/move-12", listed.get(0).taskHandle());
    assertEquals(12, brokerNode().messageMoveTasks("dlq").size());
    assertTrue(listed.stream().allMatch(t -> t.status() == MessageMoveTask.Status.CANCELLED));
  }

  @Test
  void logKeysAreZeroPaddedSoTheySortInLogOrder() {
    assertEquals("queue-log/000000000000", QueueBrokerNode.key(0));
    assertEquals("queue-log/000000000042", QueueBrokerNode.key(42));
    assertEquals("queue-log/123456789012", QueueBrokerNode.key(123_456_789_012L));
    assertTrue(QueueBrokerNode.key(9).compareTo(QueueBrokerNode.key(10)) < 0);
  }
}
