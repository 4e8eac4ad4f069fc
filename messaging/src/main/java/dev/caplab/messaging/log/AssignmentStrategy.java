package dev.caplab.messaging.log;

import java.util.ArrayList;
import java.util.List;

/**
 * How a consumer group splits its topic's partitions among its members, sorted by member id, so
 * that the same members always get the same partitions.
 */
public enum AssignmentStrategy {

  /**
   * Kafka's {@code RangeAssignor} (its default): contiguous ranges, {@code partitions / members}
   * each, the first {@code partitions % members} members one more. With 5 partitions and members
   * a, b: a gets 0, 1, 2 and b gets 3, 4.
   */
  RANGE {
    @Override
    List<List<Integer>> assign(int partitions, int members) {
      List<List<Integer>> out = new ArrayList<>(members);
      int each = partitions / members;
      int extra = partitions % members;
      int next = 0;
      for (int m = 0; m < members; m++) {
        int n = each + (m < extra ? 1 : 0);
        List<Integer> mine = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          mine.add(next++);
        }
        out.add(List.copyOf(mine));
      }
      return out;
    }
  },

  /**
   * Kafka's {@code RoundRobinAssignor}: partition {@code p} to member {@code p % members}. With 5
   * partitions and members a, b: a gets 0, 2, 4 and b gets 1, 3.
   */
  ROUND_ROBIN {
    @Override
    List<List<Integer>> assign(int partitions, int members) {
      List<List<Integer>> out = new ArrayList<>(members);
      for (int m = 0; m < members; m++) {
        List<Integer> mine = new ArrayList<>();
        for (int p = m; p < partitions; p += members) {
          mine.add(p);
        }
        out.add(List.copyOf(mine));
      }
      return out;
    }
  };

  /** The partitions of each of {@code members} (> 0) members, in member order. */
  abstract List<List<Integer>> assign(int partitions, int members);
}
