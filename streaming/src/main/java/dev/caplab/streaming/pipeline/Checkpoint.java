package dev.caplab.streaming.pipeline;

import dev.caplab.config.Require;
import java.util.List;

/**
 * A completed checkpoint: the state of every task of a pipeline, taken when barrier {@code id}
 * passed it: the sources' positions (offsets), the operators' state and the sinks' state (a
 * transactional sink's pre-committed transaction). Task states are in task order: sources, then
 * operators, then the sink; a stateless operator's is null.
 *
 * @param id the checkpoint id, 1, 2, ... per pipeline and its restores
 * @param triggeredNanos the ticker's time when the sources were told
 * @param completedNanos the ticker's time when the last sink acknowledged
 * @param taskStates the tasks' states (immutable values; null for stateless tasks)
 */
public record Checkpoint(long id, long triggeredNanos, long completedNanos, List<Object> taskStates) {

  /** Checks the id (>= 1) and the list. */
  public Checkpoint {
    Require.atLeast("id", id, 1L);
    Require.notNull(taskStates, "taskStates");
  }
}
