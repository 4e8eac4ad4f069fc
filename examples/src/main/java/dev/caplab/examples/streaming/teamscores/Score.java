package dev.caplab.examples.streaming.teamscores;

/**
 * One score of the game: who scored, for which team, how many points, when it happened (event time)
 * and when it reached the scoring pipeline (processing time), both in milliseconds from the start.
 *
 * @param user the player
 * @param team the player's team
 * @param points the points scored
 * @param eventMillis when the score happened on the phone
 * @param arrivalMillis when it reached the pipeline, at or after {@code eventMillis}
 */
record Score(String user, String team, long points, long eventMillis, long arrivalMillis) {

  /** How long the score was under way. */
  long delayMillis() {
    return arrivalMillis - eventMillis;
  }
}
