package dev.caplab.messaging.saga;

import dev.caplab.messaging.saga.SagaParticipant.Answer;
import dev.caplab.sim.Simulation;
import dev.caplab.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * A coordinator and one service per step over a lossy, duplicating network, on a simulation: the
 * coordinator and the services crash and restart at random, and the coordinator keeps its sagas in
 * a node storage that syncs each save ({@code durable}) or never does. {@link #run()} returns the
 * violations of the saga guarantee once everything is quiet: every saga terminal, every step held
 * iff the saga completed, every compensation applied at most once.
 */
final class SagaHarness {

  static final int SAGAS = 12;
  private static final Duration TIMEOUT = Duration.ofMillis(200);

  private final Simulation sim;
  private final RandomGenerator rnd;
  private final int steps;
  private final int retriable;
  private final double loss;
  private final double duplication;
  private final int crashes;
  private final MapStorage coordinatorStorage;
  private final MapStorage[] serviceStorage;
  private final SagaParticipant[] participants;
  private final int[] serviceGeneration;
  private final boolean[] serviceDown;
  private final int[][] undos;
  private final boolean[][] refuse;
  private SagaCoordinator<Integer> coordinator;
  private int generation;
  private boolean coordinatorDown;

  SagaHarness(long seed, int steps, int retriable, double loss, double duplication, int crashes, boolean durable) {
    this.sim = Simulation.withSeed(seed);
    this.rnd = sim.random("harness");
    this.steps = steps;
    this.retriable = retriable;
    this.loss = loss;
    this.duplication = duplication;
    this.crashes = crashes;
    this.coordinatorStorage = durable ? new MapStorage() : new NoSyncStorage();
    int all = steps + retriable;
    serviceStorage = new MapStorage[all];
    participants = new SagaParticipant[all];
    serviceGeneration = new int[all];
    serviceDown = new boolean[all];
    for (int s = 0; s < all; s++) {
      serviceStorage[s] = new MapStorage();
      participants[s] = new SagaParticipant(serviceStorage[s]);
    }
    undos = new int[SAGAS][all];
    refuse = new boolean[SAGAS][all];
    for (int i = 0; i < SAGAS; i++) {
      for (int s = 0; s < steps; s++) {
        refuse[i][s] = rnd.nextDouble() < 0.15;
      }
    }
  }

  /** A storage whose sync does nothing: a crash loses every write. */
  static final class NoSyncStorage extends MapStorage {
    @Override
    public void sync() {}
  }

  private SagaDefinition<Integer> definition() {
    SagaDefinition.Builder<Integer> b = SagaDefinition.builder("h");
    for (int s = 0; s < steps; s++) {
      b.step("s" + s, service(s), service(s), TIMEOUT);
    }
    for (int s = steps; s < steps + retriable; s++) {
      b.retriableStep("s" + s, service(s), TIMEOUT);
    }
    return b.build();
  }

  private void startCoordinator() {
    int gen = ++generation;
    Scheduler scheduler = (delay, action) -> sim.scheduler().schedule(delay, () -> {
      if (gen == generation) {
        action.run();
      }
    });
    coordinator = new SagaCoordinator<>(definition(), SagaConfig.ofDefaults(),
        new StorageSagaStore<>(coordinatorStorage), scheduler, sim.random("coordinator"));
    coordinatorDown = false;
    coordinator.resume();
  }

  private long latency() {
    return Duration.ofMillis(1 + rnd.nextInt(60)).toNanos();
  }

  /** A step's action or compensation: a request to service {@code s} over the network, and its reply back. */
  private StepAction<Integer> service(int s) {
    return inv -> {
      int gen = generation;
      int copies = rnd.nextDouble() < duplication ? 2 : 1;
      for (int c = 0; c < copies; c++) {
        if (rnd.nextDouble() < loss) {
          continue;
        }
        sim.schedule(latency(), () -> {
          if (serviceDown[s]) {
            return;
          }
          Answer a = handle(s, inv.payload(), inv.sagaId(), inv.step(), inv.phase());
          if (rnd.nextDouble() < loss) {
            return;
          }
          sim.schedule(latency(), () -> {
            if (gen == generation && !coordinatorDown) {
              if (a.succeeded()) {
                inv.succeeded();
              } else {
                inv.failed(a.reason());
              }
            }
          });
        });
      }
    };
  }

  private Answer handle(int s, int saga, String sagaId, String step, StepPhase phase) {
    MapStorage st = serviceStorage[s];
    if (phase == StepPhase.ACTION) {
      return participants[s].act(sagaId, step, () -> {
        if (refuse[saga][s]) {
          return "refused";
        }
        st.put("held/" + sagaId, Boolean.TRUE);
        return null;
      });
    }
    return participants[s].compensate(sagaId, step, () -> {
      undos[saga][s]++;
      st.remove("held/" + sagaId);
    });
  }

  private void crashService(int s) {
    serviceDown[s] = true;
    serviceGeneration[s]++;
    serviceStorage[s].crash();
    sim.schedule(Duration.ofMillis(100 + rnd.nextInt(400)), () -> {
      participants[s] = new SagaParticipant(serviceStorage[s]);
      serviceDown[s] = false;
    });
  }

  private void crashCoordinator() {
    if (coordinatorDown) {
      return;
    }
    coordinatorDown = true;
    generation++;
    coordinatorStorage.crash();
    sim.schedule(Duration.ofMillis(100 + rnd.nextInt(900)), this::startCoordinator);
  }

  private void startSaga(int i) {
    if (coordinatorDown) {
      sim.schedule(Duration.ofMillis(50), () -> startSaga(i));
      return;
    }
    coordinator.start(sagaId(i), i);
  }

  private static String sagaId(int i) {
    return "saga-" + i;
  }

  /** Runs to quiescence and returns what went wrong (empty: nothing). */
  List<String> run() {
    startCoordinator();
    for (int i = 0; i < SAGAS; i++) {
      int saga = i;
      sim.schedule(Duration.ofMillis(rnd.nextInt(2000)), () -> startSaga(saga));
    }
    for (int c = 0; c < crashes; c++) {
      int victim = rnd.nextInt(steps + retriable + 1);
      sim.schedule(Duration.ofMillis(rnd.nextInt(3000)), () -> {
        if (victim == steps + retriable) {
          crashCoordinator();
        } else if (!serviceDown[victim]) {
          crashService(victim);
        }
      });
    }
    sim.runFor(Duration.ofMinutes(10));
    List<String> violations = new ArrayList<>();
    for (int i = 0; i < SAGAS; i++) {
      String id = sagaId(i);
      SagaState state = coordinator.state(id);
      if (state == null || !state.terminal()) {
        violations.add(id + " is " + state + ", not terminal");
        continue;
      }
      for (int s = 0; s < steps + retriable; s++) {
        boolean held = serviceStorage[s].get("held/" + id) != null;
        if (held != (state == SagaState.COMPLETED)) {
          violations.add(String.format(Locale.ROOT, "%s is %s but step s%d is %s", id, state, s,
              held ? "held" : "not held"));
        }
        if (undos[i][s] > 1) {
          violations.add(id + " step s" + s + " compensated " + undos[i][s] + " times");
        }
      }
    }
    return violations;
  }
}
