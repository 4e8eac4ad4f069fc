package dev.caplab.replication.quorum;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * A closed-loop random workload: each client repeatedly thinks for a random time, then reads or
 * writes a random key with a unique value, until {@code opsPerClient} operations are done.
 */
final class Workload {

  private final Fixture f;
  private final SplittableRandom random;
  private final int keys;
  private final double writeFraction;
  private final IntFunction<ReadOptions> readOptions;
  private final WriteOptions writeOptions;
  private int counter;
  private int running;

  Workload(Fixture f, long seed, int keys, double writeFraction, IntFunction<ReadOptions> readOptions,
      WriteOptions writeOptions) {
    this.f = f;
    this.random = new SplittableRandom(seed);
    this.keys = keys;
    this.writeFraction = writeFraction;
    this.readOptions = readOptions;
    this.writeOptions = writeOptions;
  }

  /** Runs every client's loop to the end. */
  void run(int opsPerClient) {
    int clients = f.store.clientIds().size();
    running = clients;
    for (int c = 0; c < clients; c++) {
      next(c, opsPerClient);
    }
    f.sim.runUntil(() -> running == 0, Duration.ofHours(1));
  }

  private void next(int client, int left) {
    if (left == 0) {
      running--;
      return;
    }
    long think = random.nextLong(3_000_000);
    f.sim.schedule(think, () -> {
      QuorumClient c = f.store.client(client);
      String key = "k" + random.nextInt(keys);
      int coordinator = random.nextInt(f.store.storeNodes().size());
      if (random.nextDouble() < writeFraction) {
        c.write(f.store.storeNodes().get(coordinator), key, "v" + (++counter), writeOptions, r -> next(client, left - 1));
      } else {
        c.read(f.store.storeNodes().get(coordinator), key, readOptions.apply(client), r -> next(client, left - 1));
      }
    });
  }
}
