package dev.caplab.replication.crdt.store;

import dev.caplab.replication.crdt.Crdt;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * A rough encoded size of a CRDT's payload (its {@code value()}, which {@code metadataBytes()}
 * leaves out): a string its length, a number 8, a boolean 1, collections, maps and optionals the
 * sum of their parts, nested CRDTs their value and metadata, anything else 8 (a reference).
 *
 * <p>Stateless and thread-safe.
 */
final class PayloadSize {

  static final int NUMBER_BYTES = 8;

  private PayloadSize() {}

  /** Payload plus metadata of one state or delta. */
  static long of(Crdt<?, ?> state) {
    return estimate(state.value()) + state.metadataBytes();
  }

  static long estimate(Object v) {
    if (v == null) {
      return 0;
    }
    if (v instanceof CharSequence s) {
      return s.length();
    }
    if (v instanceof Number) {
      return NUMBER_BYTES;
    }
    if (v instanceof Boolean) {
      return 1;
    }
    if (v instanceof Optional<?> o) {
      return o.map(PayloadSize::estimate).orElse(0L);
    }
    if (v instanceof Crdt<?, ?> c) {
      return of(c);
    }
    if (v instanceof Collection<?> c) {
      long sum = 0;
      for (Object e : c) {
        sum += estimate(e);
      }
      return sum;
    }
    if (v instanceof Map<?, ?> m) {
      long sum = 0;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        sum += estimate(e.getKey()) + estimate(e.getValue());
      }
      return sum;
    }
    return NUMBER_BYTES;
  }
}
