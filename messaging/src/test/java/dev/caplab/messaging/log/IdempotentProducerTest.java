package dev.caplab.messaging.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caplab.time.ManualTicker;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdempotentProducerTest {

  private final PartitionedLog<String, String> log = PartitionedLog.create(new ManualTicker());

  @Test
  void aRetriedRequestIsAcknowledgedWithTheFirstOffsetAndNotAppended() {
    log.createTopic("t", 1);
    IdempotentProducer<String, String> producer = IdempotentProducer.of(log);
    ProduceRequest<String, String> first = producer.prepare("t", null, "a");
    assertEquals(new AppendResult("t", 0, 0, false), producer.send(first));
    assertEquals(new AppendResult("t", 0, 1, false), producer.send("t", null, "b"));
    assertEquals(new AppendResult("t", 0, 0, true), producer.send(first));
    assertEquals(2, log.logEndOffset("t", 0));
  }

  @Test
  void sequencesAreNumberedPerPartitionFromZeroAndKeysPickThePartition() {
    log.createTopic("t", 4);
    IdempotentProducer<String, String> producer = IdempotentProducer.of(log);
    ProduceRequest<String, String> r1 = producer.prepare("t", "k", "a");
    ProduceRequest<String, String> r2 = producer.prepare("t", "k", "b");
    assertEquals(log.partitionFor("t", "k"), r1.partition());
    assertEquals(0, r1.sequence());
    assertEquals(1, r2.sequence());
    List<Integer> roundRobin = List.of(producer.prepare("t", null, "x").partition(),
        producer.prepare("t", null, "x").partition(), producer.prepare("t", null, "x").partition(),
        producer.prepare("t", null, "x").partition(), producer.prepare("t", null, "x").partition());
    assertEquals(List.of(0, 1, 2, 3, 0), roundRobin);
  }

  @Test
  void aSkippedSequenceIsRefusedAndTheMissingOneCanStillBeSent() {
    log.createTopic("t", 1);
    IdempotentProducer<String, String> producer = IdempotentProducer.of(log);
    ProduceRequest<String, String> lost = producer.prepare("t", null, "a");
    ProduceRequest<String, String> next = producer.prepare("t", null, "b");
    OutOfOrderSequenceException e = assertThrows(OutOfOrderSequenceException.class, () -> producer.send(next));
    assertEquals("sequence must be 0 (the next of producer 0 on t-0) or a duplicate below it, got 1", e.getMessage());
    assertEquals(0, e.expected());
    assertEquals(1, e.sequence());
    assertEquals(0, log.logEndOffset("t", 0));
    producer.send(lost);
    assertEquals(new AppendResult("t", 0, 1, false), producer.send(next));
  }

  @Test
  void theLogRemembersTheOffsetsOfTheLastFiveAppendsPerProducerAndPartition() {
    log.createTopic("t", 1);
    long id = log.initProducerId();
    for (int seq = 0; seq < 8; seq++) {
      log.append(new ProduceRequest<>("t", 0, id, seq, null, "v" + seq));
    }
    assertEquals(new AppendResult("t", 0, 3, true), log.append(new ProduceRequest<>("t", 0, id, 3, null, "v3")));
    assertEquals(new AppendResult("t", 0, 7, true), log.append(new ProduceRequest<>("t", 0, id, 7, null, "v7")));
    assertEquals(new AppendResult("t", 0, -1, true), log.append(new ProduceRequest<>("t", 0, id, 2, null, "v2")));
    assertEquals(8, log.logEndOffset("t", 0));
  }

  @Test
  void producersAndPartitionsHaveTheirOwnSequences() {
    log.createTopic("t", 2);
    long a = log.initProducerId();
    long b = log.initProducerId();
    assertEquals(0, a);
    assertEquals(1, b);
    assertEquals(false, log.append(new ProduceRequest<>("t", 0, a, 0, null, "a")).duplicate());
    assertEquals(false, log.append(new ProduceRequest<>("t", 0, b, 0, null, "b")).duplicate());
    assertEquals(false, log.append(new ProduceRequest<>("t", 1, a, 0, null, "a")).duplicate());
    assertEquals(true, log.append(new ProduceRequest<>("t", 1, a, 0, null, "a")).duplicate());
  }

  @Test
  void unknownProducersAndBadSequencesAreBadArguments() {
    log.createTopic("t", 1);
    assertEquals("producerId must come from initProducerId(), which has given out none, got 0",
        assertThrows(IllegalArgumentException.class,
            () -> log.append(new ProduceRequest<>("t", 0, 0, 0, null, "v"))).getMessage());
    log.initProducerId();
    log.initProducerId();
    assertEquals("producerId must be between 0 and 1 (the ids initProducerId() gave out), got 2",
        assertThrows(IllegalArgumentException.class,
            () -> log.append(new ProduceRequest<>("t", 0, 2, 0, null, "v"))).getMessage());
    assertThrows(IllegalArgumentException.class, () -> log.append(new ProduceRequest<>("t", 0, -1, 0, null, "v")));
    assertEquals("sequence must be >= 0, got -1", assertThrows(IllegalArgumentException.class,
        () -> log.append(new ProduceRequest<>("t", 0, 1, -1, null, "v"))).getMessage());
    assertThrows(IllegalArgumentException.class, () -> log.append(new ProduceRequest<>("t", 1, 1, 0, null, "v")));
    assertThrows(IllegalArgumentException.class, () -> log.append(new ProduceRequest<>("u", 0, 1, 0, null, "v")));
    IdempotentProducer<String, String> producer = IdempotentProducer.of(log);
    assertEquals(2, producer.producerId());
    assertEquals("request.producerId must be 2 (this producer's), got 1", assertThrows(IllegalArgumentException.class,
        () -> producer.send(new ProduceRequest<>("t", 0, 1, 0, null, "v"))).getMessage());
  }
}
