package dev.caplab.examples.streaming.teamscores;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The game's scores, drawn from one random stream: each player plays in bursts (play sessions
 * separated by breaks longer than the session gap), scoring every {@link #MEAN_SCORE_GAP_MS} on
 * average. A score normally arrives after a short network delay; in some play sessions the phone
 * loses its connection part-way and holds the rest of the session's scores until it reconnects,
 * minutes later, as in the mobile-game example of Beam and the <i>Streaming Systems</i> book.
 *
 * <p>Stateless and thread-safe.
 */
final class Game {

  static final String[] TEAMS = {"red", "blue", "green", "gold", "violet"};
  static final int USERS = 40;
  static final long MINUTE_MS = 60_000;
  static final long GAME_MS = 60 * MINUTE_MS;
  static final long MEAN_SCORE_GAP_MS = 30_000;
  static final long PLAY_MIN_MS = 5 * MINUTE_MS;
  static final long PLAY_MAX_MS = 15 * MINUTE_MS;
  /** Breaks between play sessions: always longer than the session gap, so batch sessions are the plays. */
  static final long BREAK_MIN_MS = 8 * MINUTE_MS;
  static final long BREAK_MAX_MS = 20 * MINUTE_MS;
  static final double OFFLINE_SHARE = 0.2;
  static final long RECONNECT_MIN_MS = MINUTE_MS;
  static final long RECONNECT_MAX_MS = 25 * MINUTE_MS;
  static final long NETWORK_MIN_MS = 200;
  static final long NETWORK_MEAN_EXTRA_MS = 800;

  private Game() {}

  /** The scores of one game, in arrival order (ties in the order they were scored). */
  static List<Score> play(RandomGenerator random) {
    List<Score> scores = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      String user = "user" + u;
      String team = TEAMS[u % TEAMS.length];
      long t = random.nextLong(0, 10 * MINUTE_MS);
      while (t < GAME_MS) {
        long playEnd = Math.min(GAME_MS, t + random.nextLong(PLAY_MIN_MS, PLAY_MAX_MS));
        boolean drops = random.nextDouble() < OFFLINE_SHARE;
        long offlineFrom = drops ? random.nextLong(t, playEnd) : Long.MAX_VALUE;
        long reconnect = playEnd + random.nextLong(RECONNECT_MIN_MS, RECONNECT_MAX_MS);
        for (long s = t; s < playEnd; s += 1 + (long) (random.nextExponential() * MEAN_SCORE_GAP_MS)) {
          long points = random.nextLong(1, 11);
          long network = NETWORK_MIN_MS + (long) (random.nextExponential() * NETWORK_MEAN_EXTRA_MS);
          long arrival = (s >= offlineFrom ? reconnect : s) + network;
          scores.add(new Score(user, team, points, s, arrival));
        }
        t = playEnd + random.nextLong(BREAK_MIN_MS, BREAK_MAX_MS);
      }
    }
    scores.sort(Comparator.comparingLong(Score::arrivalMillis)); // stable: ties keep their order
    return List.copyOf(scores);
  }
}
