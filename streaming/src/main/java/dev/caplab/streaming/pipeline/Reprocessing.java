package dev.caplab.streaming.pipeline;

import dev.caplab.config.Require;
import dev.caplab.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The Kappa architecture's way to change a job's logic: keep one job serving its output table while
 * a new version of the job reprocesses the retained log from the start (a {@link Replay} source)
 * into a new table; when the new version has caught up with the log's head, switch the readers to
 * the new table and stop the old job (Jay Kreps, "Questioning the Lambda Architecture": start a
 * second instance that reprocesses from the beginning of the retained data, write to a new output
 * table, switch when it has caught up, stop the old job and delete the old table).
 *
 * <p>Readers read {@link #current()}, the table of the serving version. {@link #replay} starts a
 * new version next to it; each {@link #runRound()} runs a round of the serving job and of the
 * replaying one, then {@link #checkSwitch()}: the new version has caught up when it is no further
 * from the log's head than the serving job: its sources' lag (records between its positions and the
 * log end offsets) is at most the serving job's, and it holds no more records in its buffers. With
 * both jobs idle that is "read everything, written everything"; with records arriving all the time
 * it is "as current as the serving job", so readers never see a table further behind the head than
 * the one they read before. Until then the old version serves, and both jobs process records: the
 * replay's cost is the whole retained history again, counted per version in {@link
 * Version#recordsProcessed()}.
 * Catch-up time is measured on the ticker from {@link #replay} to the switch.
 *
 * <p>Pipelines that run themselves ({@link Pipeline#start()} on a scheduler) need only {@link
 * #checkSwitch()} to be called, for example after each of their rounds; a stopped version's
 * pipeline is {@link Pipeline#stop() stopped} and never run again here. Its table is left to the
 * caller, to delete or keep for comparison.
 *
 * <p>Not thread-safe: run it on the pipelines' thread.
 *
 * @param <T> the type of the output tables
 */
public final class Reprocessing<T> {

  /** Where a version is in its life. */
  public enum Status {
    /** Reprocessing history; its table is not read yet. */
    REPLAYING,
    /** Its table is the one readers read. */
    SERVING,
    /** Replaced by a newer version (or abandoned before it caught up) and stopped. */
    STOPPED
  }

  /**
   * One version of the job: its pipeline, its output table, and what it cost.
   *
   * @param <T> the type of the output table
   */
  public static final class Version<T> {
    private final int number;
    private final Pipeline pipeline;
    private final T table;
    private final long startedNanos;
    private Status status;
    private long servingSinceNanos = -1;
    private long stoppedNanos = -1;
    private long recordsAtStop = -1;

    Version(int number, Pipeline pipeline, T table, long startedNanos, Status status) {
      this.number = number;
      this.pipeline = pipeline;
      this.table = table;
      this.startedNanos = startedNanos;
      this.status = status;
    }

    /** 1 for the first version, one more for each replay. */
    public int number() {
      return number;
    }

    /** The job. */
    public Pipeline pipeline() {
      return pipeline;
    }

    /** The table it writes (a new "table version"). */
    public T table() {
      return table;
    }

    /** Where it is in its life. */
    public Status status() {
      return status;
    }

    /** Records its sources read, up to its stop: the events it processed. */
    public long recordsProcessed() {
      return recordsAtStop >= 0 ? recordsAtStop : pipeline.recordsRead();
    }

    /** Ticker time it was started (nanos). */
    public long startedNanos() {
      return startedNanos;
    }

    /** Ticker time its table became the one readers read, if it did. */
    public Optional<Long> servingSinceNanos() {
      return servingSinceNanos < 0 ? Optional.empty() : Optional.of(servingSinceNanos);
    }

    /** Ticker time it was stopped, if it was. */
    public Optional<Long> stoppedNanos() {
      return stoppedNanos < 0 ? Optional.empty() : Optional.of(stoppedNanos);
    }

    /**
     * For a replayed version, the time from its start to its catching up with the log's head (the
     * switch); empty for the first version and for a version still replaying or abandoned.
     */
    public Optional<Duration> catchUpTime() {
      return number == 1 || servingSinceNanos < 0 ? Optional.empty()
          : Optional.of(Duration.ofNanos(servingSinceNanos - startedNanos));
    }

    void stop(long now) {
      recordsAtStop = pipeline.recordsRead();
      pipeline.stop();
      stoppedNanos = now;
      status = Status.STOPPED;
    }

    void serve(long now) {
      servingSinceNanos = now;
      status = Status.SERVING;
    }

    @Override
    public String toString() {
      return "Version{" + number + ", " + status + ", records=" + recordsProcessed() + "}";
    }
  }

  private final Ticker ticker;
  private final List<Version<T>> versions = new ArrayList<>();
  private Version<T> serving;
  private Version<T> replaying;

  private Reprocessing(Ticker ticker, Pipeline live, T table) {
    this.ticker = ticker;
    this.serving = new Version<>(1, live, table, ticker.nanos(), Status.SERVING);
    serving.serve(ticker.nanos());
    versions.add(serving);
  }

  /** Version 1: {@code live} serving {@code table}; times come from {@code ticker}. */
  public static <T> Reprocessing<T> serving(Pipeline live, T table, Ticker ticker) {
    Require.notNull(live, "live");
    Require.notNull(table, "table");
    return new Reprocessing<>(Require.notNull(ticker, "ticker"), live, table);
  }

  /**
   * Starts the next version: {@code job} (typically reading a {@link Replay} source with the new
   * logic) writing {@code table}, next to the serving version; returns it.
   *
   * @throws IllegalStateException if a replay is already under way (abandon it first), or if {@code
   *     job} or {@code table} is one a version already uses
   */
  public Version<T> replay(Pipeline job, T table) {
    Require.notNull(job, "job");
    Require.notNull(table, "table");
    Require.requireState(replaying == null, "version %s is still replaying: abandon() it before replaying again",
        replaying == null ? 0 : replaying.number());
    for (Version<T> v : versions) {
      Require.requireState(v.pipeline() != job, "the job is already version %s: a replay needs a new pipeline", v.number());
      Require.requireState(v.table() != table, "the table is already version %s's: a replay writes a new table", v.number());
    }
    replaying = new Version<>(versions.size() + 1, job, table, ticker.nanos(), Status.REPLAYING);
    versions.add(replaying);
    return replaying;
  }

  /** Stops the replaying version without switching (for example a new logic found wrong); returns it, if any. */
  public Optional<Version<T>> abandon() {
    Version<T> v = replaying;
    if (v != null) {
      v.stop(ticker.nanos());
      replaying = null;
    }
    return Optional.ofNullable(v);
  }

  /**
   * Runs a round of the serving job, then of the replaying one, then {@link #checkSwitch()};
   * returns whether anything moved in either job.
   */
  public boolean runRound() {
    boolean progress = serving.pipeline().runRound();
    if (replaying != null) {
      progress |= replaying.pipeline().runRound();
    }
    checkSwitch();
    return progress;
  }

  /**
   * Switches readers to the replaying version if it has caught up (no more source lag and no more
   * buffered records than the serving job), and stops the old version; returns whether it switched.
   */
  public boolean checkSwitch() {
    if (replaying == null || !caughtUp(replaying.pipeline(), serving.pipeline())) {
      return false;
    }
    long now = ticker.nanos();
    serving.stop(now);
    replaying.serve(now);
    serving = replaying;
    replaying = null;
    return true;
  }

  /** The table readers read: the serving version's. */
  public T current() {
    return serving.table();
  }

  /** The serving version. */
  public Version<T> servingVersion() {
    return serving;
  }

  /** The version replaying, if any. */
  public Optional<Version<T>> replayingVersion() {
    return Optional.ofNullable(replaying);
  }

  /** Every version so far, oldest first. */
  public List<Version<T>> versions() {
    return Collections.unmodifiableList(versions);
  }

  /** Whether {@code replay} is no further from its sources' heads than {@code serving}, reading and in flight. */
  static boolean caughtUp(Pipeline replay, Pipeline serving) {
    return replay.sourceLag() <= serving.sourceLag() && replay.bufferedRecords() <= serving.bufferedRecords();
  }
}
