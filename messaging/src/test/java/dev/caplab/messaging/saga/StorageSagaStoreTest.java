package dev.caplab.messaging.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Both stores keep sagas in start order and list only the open ones; the node store syncs each save. */
class StorageSagaStoreTest {

  @Test
  void eachSaveIsSyncedAndSurvivesACrash() {
    MapStorage storage = new MapStorage();
    StorageSagaStore<String> store = new StorageSagaStore<>(storage);
    store.save(SagaRecord.started("o1", "a"));
    assertEquals(0, storage.unsyncedWrites());
    store.save(SagaRecord.started("o1", "a").at(SagaState.COMPENSATING, 0));
    storage.crash();
    StorageSagaStore<String> after = new StorageSagaStore<>(storage);
    assertEquals(SagaState.COMPENSATING, after.load("o1").state());
    assertNull(after.load("o2"));
  }

  @Test
  void openListsTheNonTerminalSagasInStartOrderInBothStores() {
    for (SagaStore<String> store : List.<SagaStore<String>>of(new StorageSagaStore<>(new MapStorage(), "x/"),
        new InMemorySagaStore<>())) {
      for (String id : List.of("o3", "o1", "o2", "o4")) {
        store.save(SagaRecord.started(id, id));
      }
      store.save(SagaRecord.started("o1", "o1").at(SagaState.COMPLETED, 2));
      store.save(SagaRecord.started("o4", "o4").at(SagaState.COMPENSATED, -1));
      store.save(SagaRecord.started("o3", "o3").at(SagaState.RUNNING, 1));
      assertEquals(List.of("o3", "o2"), store.open().stream().map(SagaRecord::sagaId).toList(), store.toString());
      assertEquals(1, store.load("o3").step());
    }
  }

  @Test
  void badArgumentsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new StorageSagaStore<>(new MapStorage(), ""));
    assertThrows(IllegalArgumentException.class, () -> new SagaRecord<>("o1", "p", SagaState.RUNNING, -2, 0));
    assertEquals(List.of(SagaRecord.started("o1", "p")), saved());
  }

  private static List<SagaRecord<String>> saved() {
    InMemorySagaStore<String> s = new InMemorySagaStore<>();
    s.save(SagaRecord.started("o1", "p"));
    return s.all();
  }
}
