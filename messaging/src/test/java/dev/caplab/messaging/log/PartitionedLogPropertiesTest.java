package dev.caplab.messaging.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Laws of the log, its consumer groups and its idempotent producer over random interleavings of
 * joins, leaves, heartbeats, time, commits, crashes and retries.
 */
class PartitionedLogPropertiesTest {

  private static final long SESSION_MS = 100;
  private static final GroupConfig SESSION = GroupConfig.custom().sessionTimeout(Duration.ofMillis(SESSION_MS)).build();

  /** One step of a generated run; {@code who} picks a member or record, {@code amount} an offset or time. */
  record Step(Kind kind, int who, int amount) {}

  enum Kind { JOIN, LEAVE, HEARTBEAT, ADVANCE, COMMIT, APPEND }

  @Provide
  Arbitrary<List<Step>> steps() {
    return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 20),
        Arbitraries.integers().between(0, 60)).as(Step::new).list().ofMaxSize(200);
  }

  /**
   * However members join, leave, heartbeat, fall silent and commit, no partition ever belongs to
   * two live members, every partition belongs to someone while the group has members, and any
   * change of membership raises the generation, so that a member that missed it is fenced.
   */
  @Property(tries = 300)
  void aPartitionIsNeverAssignedToTwoLiveMembers(
      @ForAll("steps") List<Step> steps, @ForAll @IntRange(min = 1, max = 7) int partitions,
      @ForAll boolean roundRobin) {
    ManualTicker ticker = new ManualTicker();
    PartitionedLog<String, String> log = PartitionedLog.create(ticker);
    log.createTopic("t", partitions);
    ConsumerGroup group = log.group("g", "t", GroupConfig.from(SESSION)
        .assignmentStrategy(roundRobin ? AssignmentStrategy.ROUND_ROBIN : AssignmentStrategy.RANGE).build());
    List<Assignment> known = new ArrayList<>(); // what each client last learned
    List<String> before = group.members();
    int generationBefore = group.generation();
    for (Step s : steps) {
      apply(s, ticker, log, group, known);
      Map<String, List<Integer>> now = group.assignments();
      Set<Integer> owned = new HashSet<>();
      for (Map.Entry<String, List<Integer>> e : now.entrySet()) {
        for (int p : e.getValue()) {
          assertTrue(owned.add(p), () -> "partition " + p + " owned twice after " + s + ": " + now);
        }
      }
      assertEquals(now.isEmpty() ? 0 : partitions, owned.size(), () -> "unowned partitions: " + now);
      List<String> members = group.members();
      int generation = group.generation();
      if (!members.equals(before)) {
        assertTrue(generation > generationBefore, () -> "membership changed to " + members + " in the same generation");
      }
      for (Assignment a : known) {
        if (a.generation() != generation) {
          for (int p = 0; p < partitions; p++) {
            CommitResult r = group.commit(a.memberId(), a.generation(), p, 0);
            assertTrue(r.fenced(), () -> a + " of an old generation could commit: " + r);
          }
        }
      }
      before = members;
      generationBefore = generation;
    }
  }

  /** Whoever commits what, stale or not, a partition's committed offset never decreases. */
  @Property(tries = 300)
  void committedOffsetsNeverGoBackwards(
      @ForAll("steps") List<Step> steps, @ForAll @IntRange(min = 1, max = 4) int partitions) {
    ManualTicker ticker = new ManualTicker();
    PartitionedLog<String, String> log = PartitionedLog.create(ticker);
    log.createTopic("t", partitions);
    ConsumerGroup group = log.group("g", "t", SESSION);
    List<Assignment> known = new ArrayList<>();
    long[] last = new long[partitions];
    Arrays.fill(last, -1L); // no commit yet
    for (Step s : steps) {
      apply(s, ticker, log, group, known);
      for (int p = 0; p < partitions; p++) {
        long c = group.committed(p).orElse(-1);
        assertTrue(c >= last[p], "partition " + p + " went back from " + last[p] + " to " + c + " at " + s);
        last[p] = c;
      }
    }
  }

  /** Applies one step; COMMIT sends a random offset for a random partition from a random known member. */
  private static void apply(Step s, ManualTicker ticker, PartitionedLog<String, String> log, ConsumerGroup group,
      List<Assignment> known) {
    int partitions = group.partitions();
    switch (s.kind()) {
      case JOIN -> known.add(group.join("c"));
      case LEAVE -> {
        if (!known.isEmpty()) {
          group.leave(known.get(s.who() % known.size()).memberId());
        }
      }
      case HEARTBEAT -> {
        if (!known.isEmpty()) {
          int i = s.who() % known.size();
          group.heartbeat(known.get(i).memberId()).ifPresent(a -> known.set(i, a));
        }
      }
      case ADVANCE -> ticker.advance(Duration.ofMillis(s.amount() * 3L));
      case APPEND -> log.append("t", s.who() % partitions, null, "v");
      case COMMIT -> {
        if (!known.isEmpty()) {
          Assignment a = known.get(s.who() % known.size());
          int p = s.amount() % partitions;
          long offset = s.who() % (log.logEndOffset("t", p) + 1);
          long before = group.committed(p).orElse(-1);
          CommitResult r = group.commit(a.memberId(), a.generation(), p, offset);
          long after = group.committed(p).orElse(-1);
          assertEquals(r == CommitResult.COMMITTED ? offset : before, after, () -> s + " gave " + r);
        }
      }
      default -> throw new IllegalStateException("unknown step " + s);
    }
  }

  /** A crash: an Error, so the consumer's code stops where it is and commits nothing more. */
  static final class Crash extends Error {
    private static final long serialVersionUID = 1L;

    Crash() {
      super("crash", null, false, false);
    }
  }

  /**
   * Consumers that crash at random points (before or after processing a record, never committing
   * after it) and are replaced by new ones, while records keep arriving: every record appended is
   * processed at least once, and nothing beyond the log is invented.
   */
  @Property(tries = 200)
  void anAtLeastOnceConsumerThatCrashesAndResumesSeesEveryRecord(
      @ForAll("crashRuns") List<Step> steps, @ForAll @IntRange(min = 1, max = 4) int partitions) {
    Run run = new Run(partitions);
    for (Step s : steps) {
      run.step(s, true);
    }
    run.drain(true);
    for (int p = 0; p < partitions; p++) {
      long end = run.log.logEndOffset("t", p);
      for (long o = 0; o < end; o++) {
        assertTrue(run.seen.contains(p + "@" + o), "record " + o + " of partition " + p + " was never processed");
      }
      assertEquals(0, run.group.lag(p));
    }
    assertEquals(run.appended, totalEnd(run.log, partitions));
    assertEquals(run.appended, new TreeSet<>(run.seen).size());
  }

  /** The same runs with commit-then-process: records may be lost to a crash, but none is processed twice. */
  @Property(tries = 200)
  void anAtMostOnceConsumerNeverProcessesARecordTwice(
      @ForAll("crashRuns") List<Step> steps, @ForAll @IntRange(min = 1, max = 4) int partitions) {
    Run run = new Run(partitions);
    for (Step s : steps) {
      run.step(s, false);
    }
    run.drain(false);
    assertEquals(0, run.duplicates, "records processed twice");
  }

  @Provide
  Arbitrary<List<Step>> crashRuns() {
    return Combinators.combine(
            Arbitraries.of(Kind.APPEND, Kind.APPEND, Kind.COMMIT, Kind.COMMIT, Kind.JOIN, Kind.ADVANCE, Kind.LEAVE),
            Arbitraries.integers().between(0, 20), Arbitraries.integers().between(0, 60))
        .as(Step::new).list().ofMaxSize(150);
  }

  private static long totalEnd(PartitionedLog<?, ?> log, int partitions) {
    long sum = 0;
    for (int p = 0; p < partitions; p++) {
      sum += log.logEndOffset("t", p);
    }
    return sum;
  }

  /**
   * A group of consumers over one topic. APPEND appends, JOIN adds a consumer, COMMIT makes a
   * consumer poll (crashing it at a random record when {@code amount} is odd), LEAVE closes one,
   * ADVANCE moves time (so silent consumers expire).
   */
  private static final class Run {
    final ManualTicker ticker = new ManualTicker();
    final PartitionedLog<String, Integer> log = PartitionedLog.create(ticker);
    final ConsumerGroup group;
    final List<GroupConsumer<String, Integer>> consumers = new ArrayList<>();
    final Set<String> seen = new HashSet<>();
    int duplicates;
    long appended;
    int clients;

    Run(int partitions) {
      log.createTopic("t", TopicConfig.custom().partitions(partitions).segmentRecords(3).build());
      group = log.group("g", "t", SESSION);
      consumers.add(GroupConsumer.join(log, group, "c" + clients++, AutoOffsetReset.EARLIEST));
    }

    void step(Step s, boolean atLeastOnce) {
      switch (s.kind()) {
        case APPEND -> {
          log.append("t", null, s.amount());
          appended++;
        }
        case JOIN -> consumers.add(GroupConsumer.join(log, group, "c" + clients++, AutoOffsetReset.EARLIEST));
        case LEAVE -> {
          if (consumers.size() > 1) {
            consumers.remove(s.who() % consumers.size()).close();
          }
        }
        case ADVANCE -> ticker.advance(Duration.ofMillis(s.amount()));
        case COMMIT -> {
          if (consumers.isEmpty()) {
            consumers.add(GroupConsumer.join(log, group, "c" + clients++, AutoOffsetReset.EARLIEST));
          }
          int i = s.who() % consumers.size();
          boolean crash = s.amount() % 2 == 1;
          int crashAt = s.amount() % 4;
          boolean crashBeforeProcessing = s.amount() % 3 == 0;
          int[] handled = {0};
          RecordHandler<String, Integer> handler = (p, o, ts, k, v) -> {
            if (crash && handled[0] == crashAt && crashBeforeProcessing) {
              throw new Crash();
            }
            if (!seen.add(p + "@" + o)) {
              duplicates++;
            }
            if (crash && handled[0]++ == crashAt) {
              throw new Crash();
            }
          };
          try {
            if (atLeastOnce) {
              consumers.get(i).pollAtLeastOnce(1 + s.who() % 5, handler);
            } else {
              consumers.get(i).pollAtMostOnce(1 + s.who() % 5, handler);
            }
          } catch (Crash crashed) {
            consumers.remove(i); // dropped without leaving: its session has to expire
          } catch (CommitFailedException fenced) {
            // the group moved on; the consumer follows at its next poll
          }
        }
        default -> throw new IllegalStateException("unknown step " + s);
      }
    }

    /** Lets crashed members expire, then polls with one fresh consumer until nothing is left. */
    void drain(boolean atLeastOnce) {
      for (GroupConsumer<String, Integer> c : consumers) {
        c.close();
      }
      consumers.clear();
      ticker.advance(Duration.ofMillis(SESSION_MS));
      GroupConsumer<String, Integer> last = GroupConsumer.join(log, group, "last", AutoOffsetReset.EARLIEST);
      assertEquals(List.of(last.memberId()), group.members());
      RecordHandler<String, Integer> handler = (p, o, ts, k, v) -> {
        if (!seen.add(p + "@" + o)) {
          duplicates++;
        }
      };
      for (int polls = 0; polls < 10_000; polls++) {
        int n = atLeastOnce ? last.pollAtLeastOnce(7, handler) : last.pollAtMostOnce(7, handler);
        if (n == 0 && group.totalLag() == 0) {
          return;
        }
      }
      throw new AssertionError("the group never caught up: lag " + group.totalLag());
    }
  }

  /**
   * Producers that send their records in order, retry any earlier request at any time (a lost
   * acknowledgement), and sometimes send ahead of a lost request: the log holds every record sent
   * exactly once, in each producer's order per partition; a duplicate is acknowledged with the
   * offset of its first append (when the log still remembers it); a request ahead of a gap is
   * refused and appends nothing.
   */
  @Property(tries = 300)
  void theIdempotentProducerNeverAppendsADuplicate(
      @ForAll("producerSteps") List<Step> steps, @ForAll @IntRange(min = 1, max = 3) int partitions) {
    PartitionedLog<String, String> log = PartitionedLog.create(new ManualTicker());
    log.createTopic("t", partitions);
    List<IdempotentProducer<String, String>> producers = List.of(IdempotentProducer.of(log), IdempotentProducer.of(log));
    List<List<ProduceRequest<String, String>>> prepared = List.of(new ArrayList<>(), new ArrayList<>());
    Map<ProduceRequest<String, String>, Long> acked = new HashMap<>();
    Map<Integer, Integer> sentPerProducer = new HashMap<>();
    for (Step s : steps) {
      int who = s.who() % 2;
      IdempotentProducer<String, String> producer = producers.get(who);
      List<ProduceRequest<String, String>> mine = prepared.get(who);
      int sent = sentPerProducer.getOrDefault(who, 0);
      switch (s.kind()) {
        case APPEND -> { // prepare the next record (key picks a partition), and send it if it is next
          String key = s.amount() % 4 == 0 ? null : "k" + s.amount() % 9;
          mine.add(producer.prepare("t", key, who + ":" + mine.size()));
        }
        case COMMIT -> { // send the oldest unsent request
          if (sent < mine.size()) {
            ProduceRequest<String, String> r = mine.get(sent);
            AppendResult result = producer.send(r);
            assertFalse(result.duplicate(), () -> r + " was new");
            acked.put(r, result.offset());
            sentPerProducer.put(who, sent + 1);
          }
        }
        case HEARTBEAT -> { // retry an already sent request
          if (sent > 0) {
            ProduceRequest<String, String> r = mine.get(s.amount() % sent);
            AppendResult result = producer.send(r);
            assertTrue(result.duplicate(), () -> r + " was sent before");
            assertTrue(result.offset() == acked.get(r) || result.offset() == -1, () -> r + " acked " + result);
          }
        }
        case JOIN -> { // send a request ahead of an unsent one in its partition: refused
          if (sent < mine.size()) {
            ProduceRequest<String, String> gap = mine.get(sent);
            for (int j = sent + 1; j < mine.size(); j++) {
              ProduceRequest<String, String> ahead = mine.get(j);
              if (ahead.partition() == gap.partition()) {
                long end = log.logEndOffset("t", ahead.partition());
                assertThrows(OutOfOrderSequenceException.class, () -> producer.send(ahead));
                assertEquals(end, log.logEndOffset("t", ahead.partition()));
                break;
              }
            }
          }
        }
        default -> { }
      }
    }
    List<String> inLog = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      List<String> values = new ArrayList<>();
      for (LogRecord<String, String> r : log.read("t", p, 0, Integer.MAX_VALUE)) {
        values.add(r.value());
      }
      inLog.addAll(values);
      for (int who = 0; who < 2; who++) { // each producer's records in its own order per partition
        String prefix = who + ":";
        List<Integer> order = values.stream().filter(v -> v.startsWith(prefix))
            .map(v -> Integer.parseInt(v.substring(prefix.length()))).toList();
        List<Integer> sorted = new ArrayList<>(order);
        sorted.sort(null);
        assertEquals(sorted, order, "producer " + who + " on partition " + p);
      }
    }
    assertEquals(new HashSet<>(inLog).size(), inLog.size(), () -> "a duplicate in " + inLog);
    assertEquals(acked.size(), inLog.size());
  }

  @Provide
  Arbitrary<List<Step>> producerSteps() {
    return Combinators.combine(Arbitraries.of(Kind.APPEND, Kind.COMMIT, Kind.HEARTBEAT, Kind.JOIN),
        Arbitraries.integers().between(0, 20), Arbitraries.integers().between(0, 60)).as(Step::new).list().ofMaxSize(200);
  }
}
