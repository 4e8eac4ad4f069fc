package dev.caplab.examples.cli;

import dev.caplab.examples.scenario.TextTable;
import dev.caplab.replication.pbs.PartialQuorums;
import dev.caplab.replication.pbs.PbsExperiment;
import dev.caplab.replication.pbs.PbsProfile;
import dev.caplab.replication.pbs.PbsResult;
import dev.caplab.replication.pbs.ReadCoordinator;
import dev.caplab.replication.pbs.VisibilityWindows;
import dev.caplab.replication.quorum.FanOut;
import dev.caplab.time.Durations;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code caplab pbs}: PBS t-visibility measured on the quorum protocol over the simulated network
 * ({@link PbsExperiment}): for each t, the probability that a read started t ms after a write
 * committed returns it, with read and write latency percentiles. Text (an aligned table and an
 * explanation) or CSV with the columns {@value #CSV_HEADER}.
 *
 * <p>Not thread-safe: one instance per invocation.
 */
@Command(name = "pbs", mixinStandardHelpOptions = true,
    description = "Probabilistically Bounded Staleness: P(a read t ms after a write commits returns it).")
final class PbsCommand implements Callable<Integer> {

  /** The CSV header, exactly. */
  static final String CSV_HEADER = "t_ms,p_consistent,trials,read_p50_ms,read_p999_ms,write_p50_ms,write_p999_ms";

  @Spec private CommandSpec spec;

  @Option(names = "--profile", required = true, paramLabel = "NAME",
      description = "Latency profile: LNKD-SSD, LNKD-DISK, YMMR, WAN, or exp:W,A,R,S (four exponential means, ms).")
  private String profile;

  @Option(names = "--n", paramLabel = "N", defaultValue = "3", description = "Replication factor (default: ${DEFAULT-VALUE}).")
  private String n;

  @Option(names = "--r", paramLabel = "R", defaultValue = "1", description = "Read replicas (default: ${DEFAULT-VALUE}).")
  private String r;

  @Option(names = "--w", paramLabel = "W", defaultValue = "1", description = "Write replicas (default: ${DEFAULT-VALUE}).")
  private String w;

  @Option(names = "--nodes", paramLabel = "M",
      description = "Store nodes in the cluster (default: N).")
  private String nodes;

  @Option(names = "--t", paramLabel = "T,...", defaultValue = "0,1,5,10",
      description = "Read delays after commit in ms, comma-separated (default: ${DEFAULT-VALUE}).")
  private String t;

  @Option(names = "--fanout", paramLabel = "all|quorum", defaultValue = "all",
      description = "all: send to N, wait for R/W; quorum: send to exactly R/W replicas (default: ${DEFAULT-VALUE}).")
  private String fanout;

  @Option(names = "--read-at", paramLabel = "same|random",
      description = "Where each read goes: same (the write's coordinator) or random (a replica of the key chosen at"
          + " random, as the paper's WAN routes requests to random datacenters). Default: random for WAN, same"
          + " otherwise.")
  private String readAt;

  @Option(names = "--visibility", paramLabel = "P,...", defaultValue = "99,99.9",
      description = "Report the t-visibility at these percentages of consistent reads, in the text output"
          + " (default: ${DEFAULT-VALUE}).")
  private String visibility;

  @Option(names = "--trials", paramLabel = "K", defaultValue = "" + PbsExperiment.DEFAULT_TRIALS,
      description = "Trials per t (default: ${DEFAULT-VALUE}).")
  private String trials;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "" + PbsExperiment.DEFAULT_SEED,
      description = "Master seed (default: ${DEFAULT-VALUE}).")
  private String seed;

  @Option(names = "--csv", description = "Print CSV instead of the table.")
  private boolean csv;

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    PbsProfile p;
    try {
      p = PbsProfile.byName(profile);
    } catch (IllegalArgumentException e) {
      throw new BadValueException(cmd, "--profile: " + e.getMessage());
    }
    int pn = Values.parseInt(cmd, "--n", n, 1);
    int pr = Values.parseInt(cmd, "--r", r, 1);
    int pw = Values.parseInt(cmd, "--w", w, 1);
    int pnodes = nodes == null ? pn : Values.parseInt(cmd, "--nodes", nodes, 1);
    List<Double> ts = Values.parseMillisList(cmd, "--t", t);
    FanOut f = Values.oneOf(cmd, "--fanout", fanout, List.of("all", "quorum")).equals("all")
        ? FanOut.ALL : FanOut.QUORUM_ONLY;
    ReadCoordinator at = readAt == null ? p.defaultReadCoordinator()
        : ReadCoordinator.valueOf(Values.oneOf(cmd, "--read-at", readAt, List.of("same", "random"))
            .toUpperCase(Locale.ROOT));
    List<Double> percents = Values.parsePercentList(cmd, "--visibility", visibility);
    int k = Values.parseInt(cmd, "--trials", trials, 1);
    long s = Values.parseLong(cmd, "--seed", seed);
    if (pr > pn) {
      throw new BadValueException(cmd, "--r must be between 1 and N (" + pn + "), got R=" + pr);
    }
    if (pw > pn) {
      throw new BadValueException(cmd, "--w must be between 1 and N (" + pn + "), got W=" + pw);
    }
    if (pn > pnodes) {
      throw new BadValueException(cmd, "--n must be at most the cluster size --nodes (" + pnodes + "), got N=" + pn);
    }
    double maxT = PbsExperiment.maxTMillis(k);
    for (double v : ts) {
      if (v > maxT) {
        throw new BadValueException(cmd, "--t values must be at most " + number(maxT) + " ms with --trials " + k
            + ", got " + number(v));
      }
    }
    PbsExperiment experiment;
    try {
      experiment = PbsExperiment.builder(p).quorum(pn, pr, pw).nodes(pnodes).fanOut(f).readCoordinator(at).trials(k).tMillis(ts)
          .seed(s).build();
    } catch (IllegalArgumentException e) {
      throw new BadValueException(cmd, e.getMessage());
    }
    PbsResult result = experiment.run();
    PrintWriter out = cmd.getOut();
    out.print(csv ? csv(result) : text(result, percents));
    return CaplabCommand.EXIT_OK;
  }

  static String csv(PbsResult result) {
    StringBuilder s = new StringBuilder(CSV_HEADER).append('\n');
    for (PbsResult.Row row : result.rows()) {
      s.append(number(row.tMillis())).append(',')
          .append(Values.fixed(row.pConsistent(), 6)).append(',')
          .append(row.trials()).append(',')
          .append(Values.fixed(row.readP50Millis(), 3)).append(',')
          .append(Values.fixed(row.readP999Millis(), 3)).append(',')
          .append(Values.fixed(row.writeP50Millis(), 3)).append(',')
          .append(Values.fixed(row.writeP999Millis(), 3)).append('\n');
    }
    return s.toString();
  }

  static String text(PbsResult result, List<Double> percents) {
    StringBuilder s = new StringBuilder();
    String fan = result.fanOut() == FanOut.ALL ? "all (send to N, wait for R/W)" : "quorum (send to exactly R/W)";
    s.append(String.format(Locale.ROOT, "PBS t-visibility, profile %s, N=%d R=%d W=%d, %d store nodes, fan-out %s, "
        + "reads at %s, seed %d%n%n", result.profile(), result.n(), result.r(), result.w(), result.nodes(), fan,
        result.readCoordinator() == ReadCoordinator.SAME ? "the write's coordinator" : "a random replica",
        result.seed()));
    TextTable table = new TextTable("t (ms)", "P(consistent)", "+/- (1 se)", "trials", "read p50", "read p99.9",
        "write p50", "write p99.9");
    long failed = 0;
    for (PbsResult.Row row : result.rows()) {
      failed += row.failed();
      table.row(number(row.tMillis()), Values.fixed(100 * row.pConsistent(), 3) + "%",
          Values.fixed(100 * row.standardError(), 3) + "%", row.trials(),
          delay(row.readP50Millis()), delay(row.readP999Millis()), delay(row.writeP50Millis()),
          delay(row.writeP999Millis()));
    }
    s.append(table.render()).append('\n');
    s.append(visibilityLine(result, percents)).append('\n');
    boolean strict = result.r() + result.w() > result.n();
    StringBuilder p = new StringBuilder();
    p.append(String.format(Locale.ROOT,
        "Each trial writes a new value through one coordinator, waits until W=%d replicas acknowledge it (the"
            + " commit), then starts a read t ms later %s and checks whether it returns the committed value. Read"
            + " repair, hinted handoff and anti-entropy are off, so only the write's own messages can make it"
            + " visible. ", result.w(), result.readCoordinator() == ReadCoordinator.SAME ? "at the same coordinator"
            : "at a replica of the key chosen at random (in WAN, a random datacenter: the writer's own only one"
            + " time in N)"));
    if (strict) {
      p.append(String.format(Locale.ROOT, "R+W=%d > N=%d: every read quorum overlaps every write quorum, so every"
          + " read is consistent; what R and W buy is paid in the latency columns.%n", result.r() + result.w(),
          result.n()));
    } else if (result.fanOut() == FanOut.ALL) {
      p.append(String.format(Locale.ROOT, "R+W=%d <= N=%d is a partial quorum: a read can reach only replicas that"
          + " the write has not reached yet. With fan-out all the write keeps travelling to the other N-W replicas"
          + " after the commit, so P(consistent) grows with t: that is how eventual \"eventual consistency\" is."
          + " Latencies are at the coordinator, for the trials of each row.%n", result.r() + result.w(),
          result.n()));
    } else {
      p.append(String.format(Locale.ROOT, "R+W=%d <= N=%d is a partial quorum, and with fan-out quorum the write"
          + " reaches only its W replicas: nothing spreads it later, so P(consistent) does not grow with t and"
          + " stays at 1 - C(N-W,R)/C(N,R) = %s%%.%n", result.r() + result.w(), result.n(),
          Values.fixed(100 * (1 - PartialQuorums.staleProbability(result.n(), result.r(), result.w())), 3)));
    }
    s.append(Values.wrap(p.toString(), 100));
    if (failed > 0) {
      s.append(String.format(Locale.ROOT, "%nWarning: %d trial(s) timed out and count as not consistent.%n", failed));
    }
    return s.toString();
  }

  /**
   * The t-visibility at each percentage, from every trial's visibility window (all rows pooled),
   * with its 95% confidence interval.
   */
  static String visibilityLine(PbsResult result, List<Double> percents) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "t-visibility (%d trials): P(consistent) reaches ",
        result.visibility().trials()));
    for (int i = 0; i < percents.size(); i++) {
      // The decimal shifted, not divided: 99.9 / 100 is 0.9990000000000001, above 999 of 1000.
      double p = BigDecimal.valueOf(percents.get(i)).movePointLeft(2).doubleValue();
      VisibilityWindows.TVisibility t = result.visibility().tVisibility(p);
      s.append(i == 0 ? "" : i == percents.size() - 1 ? " and " : ", ").append(number(percents.get(i))).append("% ");
      if (Double.isInfinite(t.tMillis())) {
        s.append("at no t (more reads than that can never see the write)");
      } else if (t.tMillis() == 0) {
        s.append("already at t = 0");
      } else {
        s.append("at t = ").append(delay(t.tMillis())).append(" (95% CI ").append(delay(t.lowMillis()))
            .append(" to ").append(delay(t.highMillis())).append(')');
      }
    }
    s.append(". Each trial's window is the delay after the commit at which its read would have returned the"
        + " write, measured from the deliveries of its messages; P(consistent) at t is the share of windows up"
        + " to t.\n");
    return Values.wrap(s.toString(), 100);
  }

  /** A delay the experiment reports in milliseconds, printed as {@link Durations#human(long)} prints it. */
  private static String delay(double ms) {
    return Double.isInfinite(ms) ? "never" : Durations.human(Math.round(ms * 1e6));
  }

  /** A t value: an integer without decimals, otherwise as given. */
  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
