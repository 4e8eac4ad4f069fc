package dev.caplab.messaging.resilience;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The listeners of one primitive's events, by event type: what its {@code eventPublisher()}
 * registers and what it publishes to. Listeners run synchronously, in registration order, on the
 * publishing thread; an exception a listener throws propagates to the publisher's caller.
 *
 * <p>Thread-safe: a copy-on-write array, so publishing takes no lock and a listener registered
 * while events are being published sees later events.
 *
 * @param <E> the primitive's event type
 */
final class EventListeners<E> {

  private record Entry(Class<?> type, Consumer<Object> listener) {}

  private volatile Entry[] entries = new Entry[0];
  /** Whether any listener is registered: the hot path's only cost when none is. */
  private volatile boolean active;

  /** Registers {@code listener} for the events of {@code type} (and its subtypes). */
  @SuppressWarnings("unchecked")
  synchronized <T extends E> void add(Class<T> type, Consumer<? super T> listener) {
    Objects.requireNonNull(listener, "listener");
    Entry[] grown = Arrays.copyOf(entries, entries.length + 1);
    grown[grown.length - 1] = new Entry(type, (Consumer<Object>) listener);
    entries = grown;
    active = true;
  }

  /** Whether publishing would reach anyone; lets a publisher skip building the event. */
  boolean active() {
    return active;
  }

  /** Delivers {@code event} to every listener registered for its type. */
  void publish(E event) {
    for (Entry e : entries) {
      if (e.type.isInstance(event)) {
        e.listener.accept(event);
      }
    }
  }
}
