package dev.caplab.messaging.log;

import java.util.List;

/**
 * What a member of a {@link ConsumerGroup} owns in one generation of the group.
 *
 * @param memberId the member
 * @param generation the group's generation: it goes up by one at every rebalance, and a commit
 *     must carry the current one
 * @param partitions the partitions the member owns in this generation, ascending
 */
public record Assignment(String memberId, int generation, List<Integer> partitions) {

  /** Copies {@code partitions}. */
  public Assignment {
    partitions = List.copyOf(partitions);
  }
}
