package dev.caplab.streaming.pipeline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.streaming.pipeline.BufferMode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The buffer's laws under random sequences of sends, polls and credit announcements, checked
 * against a model after every step: backpressure never drops, never holds more than its capacity,
 * delivers in order and conserves credit ({@code credit + occupancy + unannounced == capacity});
 * shedding drops only when full and only a record of the lowest priority present, counts drops
 * per priority, and loses nothing else; an unbounded buffer drops nothing and grows. Each try
 * takes a seed; a failure prints it.
 */
class ChannelProperties {

  private static final int STEPS = 400;

  @Property(tries = 300)
  void backpressureNeverDropsNorOverflowsAndConservesCredit(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int capacity = 1 + r.nextInt(10);
    Channel c = new Channel(capacity, BufferMode.BACKPRESSURE);
    List<Rec> sent = new ArrayList<>();
    List<Object> received = new ArrayList<>();
    for (int step = 0; step < STEPS; step++) {
      int op = r.nextInt(3);
      if (op == 0) {
        while (c.canSend() && r.nextInt(4) != 0) {
          Rec rec = new Rec(step, step, r.nextInt(3));
          c.send(rec);
          sent.add(rec);
        }
        if (r.nextInt(5) == 0) {
          c.sendControl(new Control.Watermark(step));
        }
      } else if (op == 1) {
        int n = r.nextInt(capacity + 1);
        for (int i = 0; i < n && !c.isEmpty(); i++) {
          Object e = c.poll();
          if (e instanceof Rec) {
            received.add(e);
          }
        }
      } else {
        c.announceCredit();
      }
      String at = "seed " + seed + " step " + step;
      assertTrue(c.occupancy() <= capacity, at);
      assertEquals(capacity, c.credit() + c.occupancy() + c.unannouncedCredit(), "credit conservation, " + at);
      assertEquals(0, c.dropped(), at);
      assertEquals(sent.size(), received.size() + c.occupancy(), at);
      assertEquals(c.canSend(), c.credit() > 0, at);
    }
    for (int i = 0; i < received.size(); i++) {
      assertSame(sent.get(i), received.get(i), "FIFO, seed " + seed);
    }
  }

  @Property(tries = 300)
  void sheddingDropsOnlyWhenFullAndLowestPriorityFirst(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int capacity = 1 + r.nextInt(10);
    Channel c = new Channel(capacity, BufferMode.SHED);
    List<Rec> model = new ArrayList<>();
    long[] dropsPerPriority = new long[4];
    long received = 0;
    for (int step = 0; step < STEPS; step++) {
      String at = "seed " + seed + " step " + step;
      if (r.nextInt(3) != 0) {
        Rec rec = new Rec(step, step, r.nextInt(4));
        boolean full = model.size() == capacity;
        long droppedBefore = c.dropped();
        assertTrue(c.canSend(), at);
        c.send(rec);
        if (!full) {
          assertEquals(droppedBefore, c.dropped(), "dropped while not full, " + at);
          model.add(rec);
        } else {
          assertEquals(droppedBefore + 1, c.dropped(), "a full buffer drops exactly one, " + at);
          Rec lowest = rec;
          for (Rec m : model) {
            if (m.priority < lowest.priority) {
              lowest = m;
            }
          }
          // the victim is a record of the lowest priority: the incoming one on ties, else the oldest
          if (lowest != rec) {
            model.remove(lowest);
            model.add(rec);
          }
          dropsPerPriority[lowest.priority]++;
        }
      } else if (!c.isEmpty()) {
        Object e = c.poll();
        if (e instanceof Rec rec) {
          assertSame(model.remove(0), rec, "delivery order, " + at);
          received++;
        }
        c.announceCredit();
      }
      assertTrue(c.occupancy() <= capacity, at);
      assertEquals(model.size(), c.occupancy(), at);
      for (int p = 0; p < dropsPerPriority.length; p++) {
        assertEquals(dropsPerPriority[p], c.droppedByPriority().getOrDefault(p, 0L), "drops of priority " + p + ", " + at);
      }
      assertEquals(c.sent(), received + c.occupancy() + c.dropped(), "nothing lost but the drops, " + at);
    }
  }

  @Property(tries = 100)
  void unboundedNeverDropsAndGrows(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int capacity = 1 + r.nextInt(4);
    Channel c = new Channel(capacity, BufferMode.UNBOUNDED);
    int sends = capacity + 1 + r.nextInt(100);
    for (int i = 0; i < sends; i++) {
      assertTrue(c.canSend());
      c.send(new Rec(i, i, r.nextInt(3)));
    }
    assertEquals(sends, c.occupancy(), "seed " + seed);
    assertEquals(sends, c.maxOccupancy(), "seed " + seed);
    assertEquals(0, c.dropped(), "seed " + seed);
  }
}
