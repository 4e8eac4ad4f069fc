package dev.caplab.messaging.saga;

import dev.caplab.config.Require;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link SagaStore} in memory: durable exactly as long as the object lives. Share one instance
 * between a coordinator and its successor to model a database that outlives the process.
 *
 * <p>Not thread-safe: used by one coordinator, on its thread.
 *
 * @param <P> the payload type
 */
public final class InMemorySagaStore<P> implements SagaStore<P> {

  private final Map<String, SagaRecord<P>> sagas = new LinkedHashMap<>();

  @Override
  public void save(SagaRecord<P> saga) {
    Require.notNull(saga, "saga");
    sagas.put(saga.sagaId(), saga);
  }

  @Override
  public SagaRecord<P> load(String sagaId) {
    return sagas.get(Require.notNull(sagaId, "sagaId"));
  }

  @Override
  public List<SagaRecord<P>> open() {
    List<SagaRecord<P>> open = new ArrayList<>();
    for (SagaRecord<P> s : sagas.values()) {
      if (!s.state().terminal()) {
        open.add(s);
      }
    }
    return open;
  }

  /** Every saga, terminal or not, in the order they were first saved. */
  public List<SagaRecord<P>> all() {
    return List.copyOf(sagas.values());
  }
}
