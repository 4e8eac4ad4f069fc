package dev.caplab.sim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.DropReason;
import dev.caplab.sim.TraceEvent;
import dev.caplab.sim.TraceKind;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The trace recorder's outputs: the journal's half-open window and capacity, the bounded log and
 * what it reports forgotten, the label texts a reader sees, and a hash that depends on the labels'
 * names only, never on the recorder's cache of recent message types.
 */
class TraceRecorderTest {

  private final long[] clock = new long[1];

  private TraceRecorder recorder(int log, long journalFrom, long journalTo, int journalCapacity) {
    return new TraceRecorder(() -> clock[0], log, journalFrom, journalTo, journalCapacity);
  }

  private void recordAt(TraceRecorder trace, long time, long detail) {
    clock[0] = time;
    trace.record(TraceKind.SEND, 1, 2, detail, "m");
  }

  private static List<Long> times(List<TraceEvent> events) {
    List<Long> out = new ArrayList<>();
    for (TraceEvent e : events) {
      out.add(e.time());
    }
    return out;
  }

  @Test
  void theJournalKeepsTheEventsFromItsStartUpToButNotIncludingItsEnd() {
    TraceRecorder trace = recorder(0, 10, 20, 100);
    for (long t : new long[] {9, 10, 15, 19, 20, 21}) {
      recordAt(trace, t, t);
    }
    assertEquals(List.of(10L, 15L, 19L), times(trace.journal()));
    assertFalse(trace.journalFull());
  }

  @Test
  void aFullJournalKeepsTheFirstEventsAndSaysItLeftOthersOut() {
    TraceRecorder exact = recorder(0, 10, 20, 3);
    TraceRecorder small = recorder(0, 10, 20, 2);
    for (long t : new long[] {10, 15, 19}) {
      recordAt(exact, t, t);
      recordAt(small, t, t);
    }
    assertEquals(List.of(10L, 15L, 19L), times(exact.journal()));
    assertFalse(exact.journalFull(), "three events fit a journal of three");
    assertEquals(List.of(10L, 15L), times(small.journal()));
    assertTrue(small.journalFull());
  }

  @Test
  void aJournalOfNoCapacityIsOffNotFull() {
    TraceRecorder off = recorder(0, 10, 20, 0);
    recordAt(off, 15, 15);
    assertTrue(off.journal().isEmpty());
    assertFalse(off.journalFull(), "capacity 0 turns the journal off; nothing was left out of it");
  }

  @Test
  void theLogKeepsTheLastEventsAndCountsTheForgottenOnes() {
    TraceRecorder trace = recorder(3, 0, 0, 0);
    for (long t = 1; t <= 5; t++) {
      recordAt(trace, t, t);
    }
    assertEquals(List.of(3L, 4L, 5L), times(trace.events()));
    assertEquals(2, trace.evicted());
    assertTrue(trace.journal().isEmpty(), "journaling is off");

    TraceRecorder off = recorder(0, 0, 0, 0);
    for (long t = 1; t <= 5; t++) {
      recordAt(off, t, t);
    }
    assertEquals(List.of(), off.events());
    assertEquals(0, off.evicted(), "a run without a log has no log to forget from");
    assertEquals(5, off.count());
    assertEquals(trace.hash(), off.hash(), "the log is not part of the hash");
  }

  @Test
  void labelsReadAsTheSimpleNameOfATypeTheNameOfAConstantOrTheText() {
    TraceRecorder trace = recorder(4, 0, 100, 4);
    trace.record(TraceKind.SEND, 0, 1, 0, TraceRecorderTest.class);
    trace.record(TraceKind.DROP, 0, 1, 0, DropReason.PARTITION);
    trace.record(TraceKind.SEND, 0, 1, 0, "ping");
    trace.record(TraceKind.TIMER, -1, -1, 0, null);
    List<String> expected = List.of("TraceRecorderTest", "PARTITION", "ping", "");
    List<String> logged = new ArrayList<>();
    List<String> journaled = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      logged.add(trace.events().get(i).label());
      journaled.add(trace.journal().get(i).label());
    }
    assertEquals(expected, logged);
    assertEquals(expected, journaled);
  }

  /** Message types of distinct names: more of them than the recorder's cache of recent types. */
  private static final Class<?>[] TYPES = {
    Integer.class, Long.class, String.class, Double.class, Float.class, Short.class, Byte.class,
    Character.class, Boolean.class, Object.class, TraceRecorderTest.class, List.class
  };

  @Test
  void aTypeLabelHashesAsItsNameWhateverTheCacheOfRecentTypesHolds() {
    TraceRecorder byType = recorder(0, 0, 0, 0);
    TraceRecorder byName = recorder(0, 0, 0, 0);
    // runs of one type, alternation between two, and returns to types the cache has let go
    int[] pattern = {0, 0, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 10, 11, 1, 1, 11, 2, 9, 0, 3, 3, 8, 4, 10, 5};
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < pattern.length; i++) {
        Class<?> type = TYPES[(pattern[i] + round) % TYPES.length];
        clock[0] = round * 1000L + i;
        byType.record(TraceKind.DELIVER, 1, 2, i, type);
        byName.record(TraceKind.DELIVER, 1, 2, i, type.getName());
        assertEquals(byName.hash(), byType.hash(), "after " + type.getName() + " at step " + i);
      }
    }
  }

  /** A message type to load a second time through another class loader. */
  static final class Probe {}

  /** Defines a second class from the bytes of a given one. */
  static final class Reloader extends ClassLoader {
    Reloader() {
      super(null);
    }

    Class<?> reload(Class<?> type) throws IOException {
      String file = type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class";
      try (InputStream in = type.getResourceAsStream(file)) {
        byte[] bytes = in.readAllBytes();
        return defineClass(type.getName(), bytes, 0, bytes.length);
      }
    }
  }

  @Test
  void twoClassesOfOneNameFromTwoLoadersHashAlikeAsTheirName() throws IOException {
    // labels hash by name, never by identity: a class loaded again is a new Class of the same name
    Class<?> twin = new Reloader().reload(Probe.class);
    assertNotSame(Probe.class, twin);
    assertEquals(Probe.class.getName(), twin.getName());
    TraceRecorder original = recorder(0, 0, 0, 0);
    TraceRecorder reloaded = recorder(0, 0, 0, 0);
    TraceRecorder byName = recorder(0, 0, 0, 0);
    original.record(TraceKind.SEND, 1, 2, 0, Probe.class);
    reloaded.record(TraceKind.SEND, 1, 2, 0, twin);
    byName.record(TraceKind.SEND, 1, 2, 0, Probe.class.getName());
    assertEquals(byName.hash(), reloaded.hash());
    assertEquals(byName.hash(), original.hash());
  }

  @Test
  void distinctMessageTypesGiveDistinctHashes() {
    Set<Long> hashes = new HashSet<>();
    for (Class<?> type : TYPES) {
      TraceRecorder trace = recorder(0, 0, 0, 0);
      trace.record(TraceKind.SEND, 1, 2, 0, type);
      hashes.add(trace.hash());
    }
    assertEquals(TYPES.length, hashes.size());
    TraceRecorder none = recorder(0, 0, 0, 0);
    none.record(TraceKind.SEND, 1, 2, 0, null);
    assertFalse(hashes.contains(none.hash()), "a type label counts in the hash");
    assertNotEquals(0, none.hash());
  }
}
