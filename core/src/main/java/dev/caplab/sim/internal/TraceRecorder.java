package dev.caplab.sim.internal;

import dev.caplab.sim.Trace;
import dev.caplab.sim.TraceEvent;
import dev.caplab.sim.TraceKind;
import dev.caplab.time.Ticker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Writes the {@link Trace} of one simulation: the runtime components (event loop, network, node
 * runtime) record every event here; users only read the {@link Trace} view.
 *
 * <p>Labels feed the hash by their names, never by identity hash codes. Not thread-safe: written
 * on the simulation thread only.
 */
public final class TraceRecorder implements Trace {

  private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;
  private static final ClassValue<Long> CLASS_NAME_HASH =
      new ClassValue<>() {
        @Override
        protected Long computeValue(Class<?> type) {
          return stringHash(type.getName());
        }
      };

  private final Ticker clock;
  private final int logCapacity;
  private final TraceEvent[] ring;
  private long hash = 0x243F6A8885A308D3L;
  private long count;
  private static final int RECENT_TYPES = 8;

  // The label hashes of the last few message types, so that traffic alternating between a few
  // types (request, reply) does not look each one up in the ClassValue on every event. The most
  // recent hit is remembered by its index, so a change of type stores no reference.
  private final Class<?>[] recentTypes = new Class<?>[RECENT_TYPES];
  private final long[] recentTypeHashes = new long[RECENT_TYPES];
  private int lastRecent;
  private int nextRecent;

  private final long journalFrom;
  private final long journalTo;
  private final int journalCapacity;
  private final List<TraceEvent> journal = new ArrayList<>();
  private boolean journalFull;

  TraceRecorder(Ticker clock, int logCapacity, long journalFrom, long journalTo, int journalCapacity) {
    this.clock = clock;
    this.logCapacity = logCapacity;
    this.ring = new TraceEvent[logCapacity];
    this.journalFrom = journalFrom;
    this.journalTo = journalTo;
    this.journalCapacity = journalCapacity;
  }

  /**
   * Records one event at the current simulated time.
   *
   * @param label a {@link Class} (hashed by name), an enum (by name), a String, or null
   */
  public void record(TraceKind kind, int from, int to, long detail, Object label) {
    long time = clock.nanos();
    // Two dependent mixing steps per event: the fields are spread by independent multiplies
    // first, so the CPU computes them in parallel and only the two mixes are serial.
    long a = time * 0xC2B2AE3D27D4EB4FL ^ ((long) kind.ordinal() << 56)
        ^ (((long) from << 32) ^ (to & 0xFFFFFFFFL)) * 0x165667B19E3779F9L;
    long b = detail * 0xD6E8FEB86659FD93L ^ labelHash(label);
    hash = mix(mix(hash, a), b);
    if (logCapacity > 0) {
      ring[(int) (count % logCapacity)] = new TraceEvent(time, kind, from, to, detail, labelText(label));
    }
    if (journalCapacity > 0 && time >= journalFrom && time < journalTo) {
      if (journal.size() < journalCapacity) {
        journal.add(new TraceEvent(time, kind, from, to, detail, labelText(label)));
      } else {
        journalFull = true;
      }
    }
    count++;
  }

  @Override
  public long hash() {
    return hash;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public int logCapacity() {
    return logCapacity;
  }

  @Override
  public List<TraceEvent> events() {
    if (logCapacity == 0) {
      return List.of();
    }
    int kept = (int) Math.min(count, logCapacity);
    List<TraceEvent> out = new ArrayList<>(kept);
    long first = count - kept;
    for (long i = first; i < count; i++) {
      out.add(ring[(int) (i % logCapacity)]);
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public List<TraceEvent> journal() {
    return Collections.unmodifiableList(journal);
  }

  @Override
  public boolean journalFull() {
    return journalFull;
  }

  @Override
  public long evicted() {
    return logCapacity == 0 ? 0 : Math.max(0, count - logCapacity);
  }

  private static long mix(long h, long value) {
    long x = (h ^ value) * MULTIPLIER;
    return x ^ (x >>> 29);
  }

  private long labelHash(Object label) {
    if (label == null) {
      return 0;
    }
    if (label instanceof Class<?> type) {
      int last = lastRecent;
      if (recentTypes[last] == type) { // messages of one type usually come in runs
        return recentTypeHashes[last];
      }
      return typeHash(type);
    }
    if (label instanceof Enum<?> e) {
      return stringHash(e.getDeclaringClass().getName()) * 31 + e.ordinal();
    }
    return stringHash(label.toString());
  }

  private long typeHash(Class<?> type) {
    Class<?>[] types = recentTypes;
    for (int i = 0; i < RECENT_TYPES; i++) {
      if (types[i] == type) {
        lastRecent = i;
        return recentTypeHashes[i];
      }
    }
    long h = CLASS_NAME_HASH.get(type);
    int i = nextRecent;
    types[i] = type;
    recentTypeHashes[i] = h;
    lastRecent = i;
    nextRecent = (i + 1) & (RECENT_TYPES - 1);
    return h;
  }

  private static String labelText(Object label) {
    if (label == null) {
      return "";
    }
    if (label instanceof Class<?> type) {
      return type.getSimpleName();
    }
    return label.toString();
  }

  /** FNV-1a of {@code s}: a stable 64-bit hash of text. */
  public static long stringHash(String s) {
    long h = 0xCBF29CE484222325L; // FNV-1a, 64 bit: stable across JVMs unlike identity hashes
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001B3L;
    }
    return h;
  }
}
