package dev.caplab.examples.cli;

import dev.caplab.replication.pbs.PartialQuorums;
import dev.caplab.replication.pbs.PbsExperiment;
import dev.caplab.replication.pbs.PbsProfile;
import dev.caplab.replication.pbs.PbsResult;
import dev.caplab.replication.pbs.ReadCoordinator;
import dev.caplab.replication.pbs.VisibilityWindows;
import dev.caplab.replication.quorum.FanOut;
import dev.caplab.report.Block;
import dev.caplab.report.Check;
import dev.caplab.report.CsvReport;
import dev.caplab.report.Header;
import dev.caplab.report.JsonReport;
import dev.caplab.report.Metric;
import dev.caplab.report.Report;
import dev.caplab.report.TextReport;
import dev.caplab.report.Unit;
import dev.caplab.time.Durations;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
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
 * committed returns it, with read and write latency percentiles. The run is a {@link Report}
 * printed as text (a table and an explanation), as CSV of its table (the columns {@value
 * #CSV_HEADER}, values in ms with three decimals), as JSON, and with {@code --report DIR} as an
 * HTML page.
 *
 * <p>Not thread-safe: one instance per invocation.
 */
@Command(name = "pbs", mixinStandardHelpOptions = true,
    description = "Probabilistically Bounded Staleness: P(a read t ms after a write commits returns it).")
final class PbsCommand implements Callable<Integer> {

  /**
   * The latency profile when none is given, shared with {@code caplab sweep quorum}: the paper's
   * LinkedIn profile on disks, whose slower writes make partial quorums visibly stale.
   */
  static final String DEFAULT_PROFILE = "LNKD-DISK";

  /**
   * The most store nodes (and so the largest N): every trial's write and read go to N replicas,
   * and a cluster of a thousand nodes takes minutes for a hundred trials; the paper's studies use
   * N up to 10.
   */
  static final int MAX_NODES = 100;

  /**
   * The most trials in one run, over all t values: every trial's visibility window is kept in
   * memory, and ten million trials take minutes.
   */
  static final long MAX_TOTAL_TRIALS = 10_000_000;

  /** The name of the report's table, the one {@code --csv} prints. */
  static final String TABLE = "pbs";

  /** The CSV header, exactly. */
  static final String CSV_HEADER = "t_ms,p_consistent,trials,read_p50_ms,read_p999_ms,write_p50_ms,write_p999_ms";

  @Spec private CommandSpec spec;

  @Option(names = "--profile", paramLabel = "NAME", defaultValue = DEFAULT_PROFILE,
      description = "Latency profile: LNKD-SSD, LNKD-DISK, YMMR, WAN, or exp:W,A,R,S (four exponential means, ms;"
          + " default: ${DEFAULT-VALUE}).")
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

  @Option(names = "--csv", description = "Print the table as CSV instead of the text.")
  private boolean csv;

  @Option(names = "--json", description = "Print one JSON object (settings, figures, checks) instead of the text.")
  private boolean json;

  @Option(names = "--report", paramLabel = "DIR",
      description = "Also write the run as a self-contained HTML page, DIR/index.html (DIR must be new or empty).")
  private Path reportDir;

  @Option(names = "--force", description = "With --report: write into DIR even if it is not empty.")
  private boolean force;

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    PbsProfile p;
    try {
      p = PbsProfile.byName(profile);
    } catch (IllegalArgumentException e) {
      throw new BadValueException(cmd, "--profile: " + e.getMessage());
    }
    String nodeBound = "(the most store nodes a run simulates)";
    int pn = Values.parseInt(cmd, "--n", n, 1, MAX_NODES, nodeBound);
    int pr = Values.parseInt(cmd, "--r", r, 1);
    int pw = Values.parseInt(cmd, "--w", w, 1);
    int pnodes = nodes == null ? pn : Values.parseInt(cmd, "--nodes", nodes, 1, MAX_NODES, nodeBound);
    List<Double> ts = Values.parseMillisList(cmd, "--t", t);
    List<String> tText = Values.split(cmd, "--t", t);
    FanOut f = Values.oneOf(cmd, "--fanout", fanout, List.of("all", "quorum")).equals("all")
        ? FanOut.ALL : FanOut.QUORUM_ONLY;
    ReadCoordinator at = readAt == null ? p.defaultReadCoordinator()
        : ReadCoordinator.valueOf(Values.oneOf(cmd, "--read-at", readAt, List.of("same", "random"))
            .toUpperCase(Locale.ROOT));
    List<Double> percents = Values.parsePercentList(cmd, "--visibility", visibility);
    int k = Values.parseInt(cmd, "--trials", trials, 1);
    if ((long) k * ts.size() > MAX_TOTAL_TRIALS) {
      throw new BadValueException(cmd, "--trials times the number of --t values must be at most " + MAX_TOTAL_TRIALS
          + " (every trial's window is kept in memory, and that many take minutes), got " + k + " x " + ts.size());
    }
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
    for (int i = 0; i < ts.size(); i++) {
      if (ts.get(i) > maxT) {
        throw new BadValueException(cmd, "--t values must be at most " + number(maxT) + " ms with --trials " + k
            + ", got " + tText.get(i));
      }
    }
    if (csv && json) {
      throw new BadValueException(cmd, "--csv and --json both choose the output: pass one");
    }
    ReportOutput.check(cmd, reportDir, force);
    PbsExperiment experiment;
    try {
      experiment = PbsExperiment.builder(p).quorum(pn, pr, pw).nodes(pnodes).fanOut(f).readCoordinator(at).trials(k).tMillis(ts)
          .seed(s).build();
    } catch (IllegalArgumentException e) {
      throw new BadValueException(cmd, e.getMessage());
    }
    PbsResult result = experiment.run();
    Report report = report(result, percents, command(result, k));
    ReportOutput.write(cmd, report, reportDir);
    PrintWriter out = cmd.getOut();
    if (json) {
      out.println(JsonReport.render(report));
    } else {
      out.print(csv ? CsvReport.render(report, TABLE) : TextReport.render(report));
    }
    return CaplabCommand.EXIT_OK;
  }

  /** The command line that reproduces {@code result}. */
  private static String command(PbsResult result, int trials) {
    StringBuilder c = new StringBuilder("caplab pbs --profile ").append(result.profile())
        .append(" --n ").append(result.n()).append(" --r ").append(result.r()).append(" --w ").append(result.w())
        .append(" --nodes ").append(result.nodes()).append(" --t ");
    for (int i = 0; i < result.rows().size(); i++) {
      c.append(i == 0 ? "" : ",").append(number(result.rows().get(i).tMillis()));
    }
    return c.append(" --fanout ").append(result.fanOut() == FanOut.ALL ? "all" : "quorum")
        .append(" --read-at ").append(result.readCoordinator().name().toLowerCase(Locale.ROOT))
        .append(" --trials ").append(trials)
        .append(" --seed ").append(result.seed()).toString();
  }

  /**
   * The run as a report: the settings, the table (one row per t), the t-visibility, what the
   * rows mean, and whether every trial finished.
   */
  static Report report(PbsResult result, List<Double> percents, String command) {
    String fan = result.fanOut() == FanOut.ALL ? "all (send to N, wait for R/W)" : "quorum (send to exactly R/W)";
    String settings = String.format(Locale.ROOT, "profile %s, N=%d R=%d W=%d, %d store nodes, fan-out %s, reads at %s",
        result.profile(), result.n(), result.r(), result.w(), result.nodes(), fan,
        result.readCoordinator() == ReadCoordinator.SAME ? "the write's coordinator" : "a random replica");
    Header header = new Header("pbs", "How soon after a write commits does a read return it? (Probabilistically"
        + " Bounded Staleness: P(consistent) t ms after the commit.)", settings, result.seed(),
        String.format(Locale.ROOT, "%016x", result.traceHash()), result.simulatedNanos(), command);
    Report.Builder report = Report.builder(header);
    report.paragraph("PBS t-visibility, " + settings + ".");
    Block.Table.Builder table = Block.Table.builder(TABLE, "",
        new Block.Column("t", Unit.NANOSECONDS).csv(new Block.CsvField("t_ms", Block.CsvField.Scale.MILLIS,
            Block.Column.UNIT_FORMAT)),
        new Block.Column("P(consistent)", Unit.RATIO).percentDecimals(3).csv(new Block.CsvField("p_consistent",
            Block.CsvField.Scale.BASE, 6)),
        new Block.Column("+/- (1 se)", Unit.RATIO).percentDecimals(3).notInCsv(),
        new Block.Column("trials", Unit.COUNT),
        millis("read p50", "read_p50_ms"),
        millis("read p99.9", "read_p999_ms"),
        millis("write p50", "write_p50_ms"),
        millis("write p99.9", "write_p999_ms"));
    long failed = 0;
    for (int i = 0; i < result.rows().size(); i++) {
      PbsResult.Row row = result.rows().get(i);
      failed += row.failed();
      long t = nanos(row.tMillis());
      table.row(t, row.pConsistent(), row.standardError(), row.trials(), nanos(row.readP50Millis()),
          nanos(row.readP999Millis()), nanos(row.writeP50Millis()), nanos(row.writeP999Millis()));
      String m = "row" + (i + 1) + ".";
      report.metric(Metric.nanos(m + "t", t))
          .metric(Metric.ratio(m + "pConsistent", row.pConsistent()))
          .metric(Metric.ratio(m + "standardError", row.standardError()))
          .metric(Metric.count(m + "trials", row.trials()))
          .metric(Metric.count(m + "timedOut", row.failed()))
          .metric(Metric.nanos(m + "read.p50", nanos(row.readP50Millis())))
          .metric(Metric.nanos(m + "read.p999", nanos(row.readP999Millis())))
          .metric(Metric.nanos(m + "write.p50", nanos(row.writeP50Millis())))
          .metric(Metric.nanos(m + "write.p999", nanos(row.writeP999Millis())));
    }
    report.add(table.build());
    report.paragraph(visibilityLine(result, percents));
    for (int i = 0; i < percents.size(); i++) {
      VisibilityWindows.TVisibility t = result.visibility().tVisibility(probability(percents.get(i)));
      String m = "visibility" + (i + 1) + ".";
      report.metric(Metric.ratio(m + "p", probability(percents.get(i))))
          .metric(m + "t", Unit.NANOSECONDS, finiteNanos(t.tMillis()))
          .metric(m + "low", Unit.NANOSECONDS, finiteNanos(t.lowMillis()))
          .metric(m + "high", Unit.NANOSECONDS, finiteNanos(t.highMillis()));
    }
    report.metric(Metric.count("visibilityTrials", result.visibility().trials()));
    report.paragraph(explanation(result));
    report.check(Check.of("noTimeouts", failed == 0, "every trial's write and read finished within the request"
        + " timeout (a trial that timed out counts as not consistent)", Metric.count("timedOut", failed)));
    return report.build();
  }

  private static Block.Column millis(String name, String csvName) {
    return new Block.Column(name, Unit.NANOSECONDS).csv(new Block.CsvField(csvName, Block.CsvField.Scale.MILLIS, 3));
  }

  /** What the rows mean, from the settings of the run. */
  private static String explanation(PbsResult result) {
    StringBuilder p = new StringBuilder();
    p.append(String.format(Locale.ROOT,
        "Each trial writes a new value through one coordinator, waits until W=%d replicas acknowledge it (the"
            + " commit), then starts a read t ms later %s and checks whether it returns the committed value. Read"
            + " repair, hinted handoff and anti-entropy are off, so only the write's own messages can make it"
            + " visible. ", result.w(), result.readCoordinator() == ReadCoordinator.SAME ? "at the same coordinator"
            : "at a replica of the key chosen at random (in WAN, a random datacenter: the writer's own only one"
            + " time in N)"));
    if (result.r() + result.w() > result.n()) {
      p.append(String.format(Locale.ROOT, "R+W=%d > N=%d: every read quorum overlaps every write quorum, so every"
          + " read is consistent; what R and W buy is paid in the latency columns.", result.r() + result.w(),
          result.n()));
    } else if (result.fanOut() == FanOut.ALL) {
      p.append(String.format(Locale.ROOT, "R+W=%d <= N=%d is a partial quorum: a read can reach only replicas that"
          + " the write has not reached yet. With fan-out all the write keeps travelling to the other N-W replicas"
          + " after the commit, so P(consistent) grows with t: that is how eventual \"eventual consistency\" is."
          + " Latencies are at the coordinator, for the trials of each row.", result.r() + result.w(),
          result.n()));
    } else {
      p.append(String.format(Locale.ROOT, "R+W=%d <= N=%d is a partial quorum, and with fan-out quorum the write"
          + " reaches only its W replicas: nothing spreads it later, so P(consistent) does not grow with t and"
          + " stays at 1 - C(N-W,R)/C(N,R) = %s%%.", result.r() + result.w(), result.n(),
          Values.fixed(100 * (1 - PartialQuorums.staleProbability(result.n(), result.r(), result.w())), 3)));
    }
    return p.toString();
  }

  /** A percentage as a probability: the decimal shifted, not divided (99.9 / 100 is 0.9990000000000001). */
  private static double probability(double percent) {
    return BigDecimal.valueOf(percent).movePointLeft(2).doubleValue();
  }

  /** Milliseconds as whole nanoseconds, or null for never (infinity). */
  private static Long finiteNanos(double ms) {
    return Double.isInfinite(ms) ? null : nanos(ms);
  }

  /** Milliseconds as whole nanoseconds, as the experiment measured them. */
  private static long nanos(double ms) {
    return Math.round(ms * 1e6);
  }

  /**
   * The t-visibility at each percentage, from every trial's visibility window (all rows pooled),
   * with its 95% confidence interval.
   */
  static String visibilityLine(PbsResult result, List<Double> percents) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "t-visibility (%d trials): P(consistent) reaches ",
        result.visibility().trials()));
    for (int i = 0; i < percents.size(); i++) {
      VisibilityWindows.TVisibility t = result.visibility().tVisibility(probability(percents.get(i)));
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
        + " to t.");
    return s.toString();
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
