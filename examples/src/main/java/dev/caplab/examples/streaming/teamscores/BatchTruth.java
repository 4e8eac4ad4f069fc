package dev.caplab.examples.streaming.teamscores;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The batch answers over a complete, bounded set of scores, computed without windows or watermarks:
 * sums per team and fixed window by grouping, and per-user sessions by sorting each user's scores
 * and cutting where two are more than the gap apart (sessions of touching windows merge, so scores
 * exactly a gap apart share a session).
 *
 * <p>Stateless and thread-safe.
 */
final class BatchTruth {

  private BatchTruth() {}

  /** Points per team and {@code [k * size, (k + 1) * size)} window. */
  static Map<Cell, Long> teamWindows(List<Score> scores, long size) {
    Map<Cell, Long> sums = new TreeMap<>(Cell.ORDER);
    for (Score s : scores) {
      long start = Math.floorDiv(s.eventMillis(), size) * size;
      sums.merge(new Cell(s.team(), start, start + size), s.points(), Long::sum);
    }
    return sums;
  }

  /** Points per user session: {@code [first, last + gap)} over scores at most {@code gap} apart. */
  static Map<Cell, Long> userSessions(List<Score> scores, long gap) {
    Map<String, List<Score>> byUser = new TreeMap<>();
    for (Score s : scores) {
      byUser.computeIfAbsent(s.user(), u -> new ArrayList<>()).add(s);
    }
    Map<Cell, Long> sums = new TreeMap<>(Cell.ORDER);
    for (List<Score> mine : byUser.values()) {
      mine.sort(Comparator.comparingLong(Score::eventMillis));
      int from = 0;
      long points = 0;
      for (int i = 0; i < mine.size(); i++) {
        points += mine.get(i).points();
        if (i + 1 == mine.size() || mine.get(i + 1).eventMillis() > mine.get(i).eventMillis() + gap) {
          Score first = mine.get(from);
          sums.put(new Cell(first.user(), first.eventMillis(), mine.get(i).eventMillis() + gap), points);
          from = i + 1;
          points = 0;
        }
      }
    }
    return sums;
  }
}
