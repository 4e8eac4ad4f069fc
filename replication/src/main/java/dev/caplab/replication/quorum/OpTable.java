package dev.caplab.replication.quorum;

/**
 * The coordinator's operations in progress by id, without boxing: ids are handed out in sequence,
 * so slot {@code id & mask} of a power-of-two array finds an operation, and the table doubles when
 * a live operation already holds the slot a new id needs (operations that live much longer than
 * the ones after them, for example an ABD read waiting for its write-back).
 *
 * <p>Not thread-safe: the node's thread.
 */
final class OpTable<T extends OpTable.Entry> {

  /** Something stored by its id. */
  interface Entry {
    long id();
  }

  private static final int INITIAL_CAPACITY = 64;

  private Object[] slots = new Object[INITIAL_CAPACITY];
  private int size;

  int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  T get(long id) {
    Object o = slots[(int) id & (slots.length - 1)];
    return o != null && ((T) o).id() == id ? (T) o : null;
  }

  boolean contains(long id) {
    return get(id) != null;
  }

  /**
   * Adds {@code e}.
   *
   * @throws IllegalStateException if an entry with the same id is already in the table
   */
  void put(T e) {
    if (get(e.id()) != null) {
      throw new IllegalStateException("operation id " + e.id() + " is already in use");
    }
    while (slots[(int) e.id() & (slots.length - 1)] != null) {
      grow();
    }
    slots[(int) e.id() & (slots.length - 1)] = e;
    size++;
  }

  /** Removes the entry with this id, if present. */
  void remove(long id) {
    int i = (int) id & (slots.length - 1);
    Object o = slots[i];
    if (o != null && ((Entry) o).id() == id) {
      slots[i] = null;
      size--;
    }
  }

  private void grow() {
    Object[] old = slots;
    int capacity = old.length * 2;
    Object[] next;
    boolean clash;
    do {
      next = new Object[capacity];
      clash = false;
      for (Object o : old) {
        if (o != null) {
          int i = (int) ((Entry) o).id() & (capacity - 1);
          if (next[i] != null) {
            clash = true;
            break;
          }
          next[i] = o;
        }
      }
      capacity *= 2;
    } while (clash);
    slots = next;
  }
}
