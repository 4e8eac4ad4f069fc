package dev.caplab.replication.pbs;

/**
 * Which node a PBS trial's read goes through. Under profiles whose links are all alike the choice
 * changes nothing; under {@code WAN}, where every replica sits in its own datacenter, it decides
 * whether the reader shares the writer's datacenter.
 */
public enum ReadCoordinator {
  /** The write's own coordinator (a client that stays with one coordinator, e.g. a sticky session). */
  SAME,
  /**
   * A replica of the key chosen uniformly at random for each trial, independently of the write's
   * coordinator: the PBS paper's WAN setting, where reads and writes are routed to random
   * datacenters, so the reader is in the writer's datacenter only one time in N.
   */
  RANDOM
}
