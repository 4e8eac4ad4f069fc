package dev.caplab.streaming.window;

/**
 * The {@link KeyWindows} of each key, found by the key in an open-addressing table of the states
 * themselves (linear probing, at most half full): a lookup reads one slot of a small array and the
 * state it needs next anyway, where a {@code HashMap} reads an entry object in between. A key that
 * is the same object as the one stored is found without calling {@code equals}. Never iterated for
 * output, so nothing depends on hash codes but speed.
 *
 * <p>Not thread-safe.
 */
final class KeyTable<K> {

  private KeyWindows<K>[] table = newTable(64);
  private int shift = 32 - 6;
  private int size;

  /** The number of keys. */
  int size() {
    return size;
  }

  /** The state of {@code key} (not null), or null. */
  KeyWindows<K> get(K key) {
    int h = key.hashCode();
    KeyWindows<K>[] t = table;
    int mask = t.length - 1;
    for (int i = slot(h); ; i = (i + 1) & mask) {
      KeyWindows<K> kw = t[i];
      if (kw == null) {
        return null;
      }
      if (kw.key == key || (kw.hash == h && kw.key.equals(key))) {
        return kw;
      }
    }
  }

  /** Adds the state of a key that has none. */
  void add(KeyWindows<K> kw) {
    if (2 * (size + 1) > table.length) {
      resize(table.length * 2);
    }
    insert(kw);
    size++;
  }

  /** Drops the state of every key that has no open window. */
  void removeIdle() {
    KeyWindows<K>[] old = table;
    table = newTable(old.length);
    size = 0;
    for (KeyWindows<K> kw : old) {
      if (kw != null && kw.n > 0) {
        insert(kw);
        size++;
      }
    }
  }

  private void resize(int length) {
    KeyWindows<K>[] old = table;
    table = newTable(length);
    shift = 32 - Integer.numberOfTrailingZeros(length);
    for (KeyWindows<K> kw : old) {
      if (kw != null) {
        insert(kw);
      }
    }
  }

  private void insert(KeyWindows<K> kw) {
    KeyWindows<K>[] t = table;
    int mask = t.length - 1;
    int i = slot(kw.hash);
    while (t[i] != null) {
      i = (i + 1) & mask;
    }
    t[i] = kw;
  }

  /** Fibonacci hashing: the top bits of the hash times the golden ratio, so close hashes spread. */
  private int slot(int h) {
    return (h * 0x9E3779B9) >>> shift;
  }

  @SuppressWarnings("unchecked")
  private static <K> KeyWindows<K>[] newTable(int length) {
    return new KeyWindows[length];
  }
}
