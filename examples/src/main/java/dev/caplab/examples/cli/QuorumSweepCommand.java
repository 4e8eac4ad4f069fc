package dev.caplab.examples.cli;

import dev.caplab.check.LinearizabilityResult;
import dev.caplab.examples.quorum.MixedWorkload;
import dev.caplab.fault.NemesisConfig;
import dev.caplab.replication.pbs.PbsProfile;
import dev.caplab.replication.quorum.FanOut;
import dev.caplab.replication.quorum.QuorumConfig;
import dev.caplab.replication.quorum.ReadOptions;
import dev.caplab.replication.quorum.ReadRepair;
import dev.caplab.replication.quorum.WriteOptions;
import dev.caplab.report.Block;
import dev.caplab.report.CsvReport;
import dev.caplab.report.Header;
import dev.caplab.report.JsonReport;
import dev.caplab.report.Metric;
import dev.caplab.report.Report;
import dev.caplab.report.TextReport;
import dev.caplab.report.Unit;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code caplab sweep quorum}: the same mixed read/write workload ({@link MixedWorkload}: 5 store
 * nodes, 5 clients, 2 keys, half reads) for each (R, W), with stale reads, latency, unavailability
 * and the linearizability checker's verdict on the recorded history. The sweep is a {@link
 * Report} printed as text, as CSV of its table (the columns {@value #CSV_HEADER}), as JSON, and
 * with {@code --report DIR} as an HTML page. Unavailability is given per unit of the clients' time
 * ({@code unavailable_time_pct}) and, in CSV, per operation ({@code unavailable_pct}).
 *
 * <p>Not thread-safe: one instance per invocation.
 */
@Command(name = "quorum", mixinStandardHelpOptions = true,
    description = "Sweep R and W of a quorum store: staleness, latency, unavailability, linearizability.")
final class QuorumSweepCommand implements Callable<Integer> {

  /** The name of the report's table, the one {@code --csv} prints. */
  static final String TABLE = "sweep";

  /** The CSV header, exactly. */
  static final String CSV_HEADER = "n,r,w,fanout,read_repair,nemesis,reads,stale_reads,stale_pct,read_p50_ms,"
      + "read_p99_ms,read_p999_ms,write_p50_ms,write_p99_ms,write_p999_ms,unavailable_pct,linearizable,"
      + "unavailable_time_pct";

  /** Store nodes of the swept cluster (at least N). */
  static final int STORE_NODES = 5;
  /** Budget of the linearizability check of one history. */
  static final Duration CHECK_BUDGET = Duration.ofSeconds(10);

  private static final long FOLD_START = 0x9E3779B97F4A7C15L;

  @Spec private CommandSpec spec;

  @Option(names = "--n", paramLabel = "N", defaultValue = "3", description = "Replication factor (default: ${DEFAULT-VALUE}).")
  private String n;

  @Option(names = "--r", paramLabel = "R,...", defaultValue = "1,2,3", description = "Read replicas to try (default: ${DEFAULT-VALUE}).")
  private String r;

  @Option(names = "--w", paramLabel = "W,...", defaultValue = "1,2,3", description = "Write replicas to try (default: ${DEFAULT-VALUE}).")
  private String w;

  @Option(names = "--fanout", paramLabel = "all|quorum", defaultValue = "all", description = "Fan-out (default: ${DEFAULT-VALUE}).")
  private String fanout;

  @Option(names = "--read-repair", paramLabel = "none|async|blocking", defaultValue = "none",
      description = "Read repair (default: ${DEFAULT-VALUE}).")
  private String readRepair;

  @Option(names = "--profile", paramLabel = "NAME", defaultValue = PbsCommand.DEFAULT_PROFILE,
      description = "Latency profile, as for 'caplab pbs' (default: ${DEFAULT-VALUE}).")
  private String profile;

  @Option(names = "--ops", paramLabel = "K", defaultValue = "1000", description = "Operations per setting (default: ${DEFAULT-VALUE}).")
  private String ops;

  @Option(names = "--nemesis", paramLabel = "none|partitions|crashes", defaultValue = "none",
      description = "Random faults during the run (default: ${DEFAULT-VALUE}).")
  private String nemesis;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Master seed (default: ${DEFAULT-VALUE}).")
  private String seed;

  @Option(names = "--csv", description = "Print the table as CSV instead of the text.")
  private boolean csv;

  @Option(names = "--json", description = "Print one JSON object (settings, figures) instead of the text.")
  private boolean json;

  @Option(names = "--report", paramLabel = "DIR",
      description = "Also write the sweep as a self-contained HTML page, DIR/index.html (DIR must be new or empty).")
  private Path reportDir;

  @Option(names = "--force", description = "With --report: write into DIR even if it is not empty.")
  private boolean force;

  /** One swept setting's figures. */
  record Row(int n, int r, int w, String fanout, String readRepair, String nemesis, MixedWorkload.Stats stats,
      String linearizable, int faults, long traceHash, long simulatedNanos) {}

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    int pn = Values.parseInt(cmd, "--n", n, 1);
    if (pn > STORE_NODES) {
      throw new BadValueException(cmd, "--n must be at most the cluster size (" + STORE_NODES + " store nodes), got N="
          + pn);
    }
    List<Integer> rs = Values.parseIntList(cmd, "--r", r, 1);
    List<Integer> ws = Values.parseIntList(cmd, "--w", w, 1);
    if (rs.stream().distinct().count() < rs.size()) {
      throw new BadValueException(cmd, "--r values must differ, got '" + r + "'");
    }
    if (ws.stream().distinct().count() < ws.size()) {
      throw new BadValueException(cmd, "--w values must differ, got '" + w + "'");
    }
    for (int x : rs) {
      if (x > pn) {
        throw new BadValueException(cmd, "--r values must be between 1 and N (" + pn + "), got R=" + x);
      }
    }
    for (int x : ws) {
      if (x > pn) {
        throw new BadValueException(cmd, "--w values must be between 1 and N (" + pn + "), got W=" + x);
      }
    }
    String fan = Values.oneOf(cmd, "--fanout", fanout, List.of("all", "quorum"));
    String repair = Values.oneOf(cmd, "--read-repair", readRepair, List.of("none", "async", "blocking"));
    String nem = Values.oneOf(cmd, "--nemesis", nemesis, List.of("none", "partitions", "crashes"));
    PbsProfile p;
    try {
      p = PbsProfile.byName(profile);
    } catch (IllegalArgumentException e) {
      throw new BadValueException(cmd, "--profile: " + e.getMessage());
    }
    long k = Values.parseInt(cmd, "--ops", ops, 1);
    long s = Values.parseLong(cmd, "--seed", seed);
    if (csv && json) {
      throw new BadValueException(cmd, "--csv and --json both choose the output: pass one");
    }
    ReportOutput.check(cmd, reportDir, force);

    FanOut fanOut = fan.equals("all") ? FanOut.ALL : FanOut.QUORUM_ONLY;
    List<Row> rows = new ArrayList<>();
    Progress progress = Progress.of(cmd.getErr(), "sweep", rs.size() * ws.size());
    for (int rr : rs) {
      for (int ww : ws) {
        progress.step(rows.size() + 1, "R=" + rr + " W=" + ww);
        MixedWorkload.Result result = MixedWorkload.builder().seed(s).nodes(STORE_NODES, 5)
            .config(QuorumConfig.custom().replicationFactor(pn).build())
            .options(ReadOptions.custom().replicas(rr).fanOut(fanOut).readRepair(ReadRepair.parse(repair)).build(),
                WriteOptions.custom().replicas(ww).fanOut(fanOut).build())
            .keys(2).maxThink(Duration.ofMillis(2)).profile(p).ops(k).nemesis(nemesis(nem)).build().run();
        LinearizabilityResult lin = result.linearizability(CHECK_BUDGET);
        Boolean valid = lin.valid().asBoolean();
        rows.add(new Row(pn, rr, ww, fan, repair, nem, result.stats(), valid == null ? "unknown" : valid.toString(),
            result.faults().size(), result.traceHash(), result.simulatedNanos()));
      }
    }
    progress.done();
    String command = "caplab sweep quorum --n " + pn + " --r " + join(rs) + " --w " + join(ws) + " --fanout " + fan
        + " --read-repair " + repair + " --profile " + p.name() + " --ops " + k + " --nemesis " + nem + " --seed " + s;
    Report report = report(rows, p, k, s, command);
    ReportOutput.write(cmd, report, reportDir);
    PrintWriter out = cmd.getOut();
    if (json) {
      out.println(JsonReport.render(report));
    } else {
      out.print(csv ? CsvReport.render(report, TABLE) : TextReport.render(report));
    }
    return CaplabCommand.EXIT_OK;
  }

  /**
   * The nemesis of a setting: frequent short faults (2 a second, lasting 250 ms on average), so a
   * run of a second or two sees several. Crashes keep a majority of the nodes up. The sweep's
   * nemesis touches the clients too (it may crash a client, or cut it off from its coordinator),
   * as it always has: the figures measure what the clients see of faults anywhere.
   */
  static NemesisConfig nemesis(String kind) {
    NemesisConfig.Builder frequent = NemesisConfig.custom().includeClients(true).clockSkewsPerMinute(0)
        .meanFaultDuration(Duration.ofMillis(250)).start(Duration.ofMillis(50));
    return switch (kind) {
      case "partitions" -> frequent.partitionsPerMinute(120).crashesPerMinute(0).build();
      case "crashes" -> frequent.partitionsPerMinute(0).crashesPerMinute(120).build();
      default -> null;
    };
  }

  /**
   * The sweep as a report: the settings, one table row per (R, W) and the same figures as
   * metrics ({@code r1w2.staleReads}, ...), and what the columns mean.
   */
  static Report report(List<Row> rows, PbsProfile profile, long ops, long seed, String command) {
    Row first = rows.get(0);
    String settings = String.format(Locale.ROOT, "N=%d, %d store nodes, 5 clients, %d ops per setting (half reads, 2"
        + " keys), profile %s, fan-out %s, read repair %s, nemesis %s", first.n(), STORE_NODES, ops, profile.name(),
        first.fanout(), first.readRepair(), first.nemesis());
    long hash = FOLD_START;
    long simulated = 0;
    for (Row row : rows) {
      hash = fold(hash, row.traceHash());
      simulated += row.simulatedNanos();
    }
    Header header = new Header("sweep quorum", "How do the read and write quorums R and W trade stale reads,"
        + " latency and availability, and when are reads linearizable?", settings, seed,
        String.format(Locale.ROOT, "%016x", hash), simulated, command);
    Report.Builder report = Report.builder(header);
    report.paragraph("Quorum sweep: " + settings + ".");
    Block.Table.Builder table = Block.Table.builder(TABLE, "",
        new Block.Column("N", Unit.COUNT).csv(csv("n")).csvOnly(),
        new Block.Column("R", Unit.COUNT).csv(csv("r")),
        new Block.Column("W", Unit.COUNT).csv(csv("w")),
        new Block.Column("fan-out", Unit.TEXT).csv(csv("fanout")).csvOnly(),
        new Block.Column("read repair", Unit.TEXT).csv(csv("read_repair")).csvOnly(),
        new Block.Column("nemesis", Unit.TEXT).csv(csv("nemesis")).csvOnly(),
        new Block.Column("R+W>N", Unit.BOOLEAN).notInCsv(),
        new Block.Column("reads", Unit.COUNT).csv(csv("reads")),
        new Block.Column("stale", Unit.COUNT).csv(csv("stale_reads")),
        percent("stale share", "stale_pct"),
        millis("read p50", "read_p50_ms"),
        millis("read p99", "read_p99_ms"),
        millis("read p99.9", "read_p999_ms").csvOnly(),
        millis("write p50", "write_p50_ms"),
        millis("write p99", "write_p99_ms"),
        millis("write p99.9", "write_p999_ms").csvOnly(),
        percent("unavailable ops", "unavailable_pct").csvOnly(),
        new Block.Column("linearizable", Unit.TEXT).csv(csv("linearizable")),
        new Block.Column("faults", Unit.COUNT).notInCsv(),
        percent("unavailable time", "unavailable_time_pct"));
    for (Row row : rows) {
      MixedWorkload.Stats st = row.stats();
      table.row(row.n(), row.r(), row.w(), row.fanout(), row.readRepair(), row.nemesis(), row.r() + row.w() > row.n(),
          st.reads(), st.staleReads(), st.fractionStale(), st.readLatency().p50(), st.readLatency().p99(),
          st.readLatency().p999(), st.writeLatency().p50(), st.writeLatency().p99(), st.writeLatency().p999(),
          st.fractionUnavailable(), row.linearizable(), row.faults(), st.fractionUnavailableTime());
      String m = "r" + row.r() + "w" + row.w() + ".";
      report.metric(Metric.count(m + "reads", st.reads()))
          .metric(Metric.count(m + "staleReads", st.staleReads()))
          .metric(Metric.ratio(m + "fractionStale", st.fractionStale()))
          .metric(Metric.nanos(m + "read.p50", st.readLatency().p50()))
          .metric(Metric.nanos(m + "read.p99", st.readLatency().p99()))
          .metric(Metric.nanos(m + "read.p999", st.readLatency().p999()))
          .metric(Metric.nanos(m + "write.p50", st.writeLatency().p50()))
          .metric(Metric.nanos(m + "write.p99", st.writeLatency().p99()))
          .metric(Metric.nanos(m + "write.p999", st.writeLatency().p999()))
          .metric(Metric.count(m + "ops", st.ops()))
          .metric(Metric.count(m + "unavailableOps", st.unavailable()))
          .metric(Metric.ratio(m + "fractionUnavailable", st.fractionUnavailable()))
          .metric(Metric.ratio(m + "fractionUnavailableTime", st.fractionUnavailableTime()))
          .metric(Metric.text(m + "linearizable", row.linearizable()))
          .metric(Metric.count(m + "faults", row.faults()));
    }
    report.add(table.build());
    report.paragraph("A read is stale when it returns a value older than a write that finished before the read began."
        + " With R+W>N every read quorum meets every write quorum, so (without sloppy quorums) no read is stale;"
        + " smaller R and W answer sooner and stay available with more replicas down, and pay for it in stale"
        + " reads. R+W>N alone does not make reads linearizable: a read that sees a write still in progress can"
        + " be followed by one that misses it. Reads become linearizable when they write what they return back to"
        + " a majority before answering (ABD; blocking read repair with a majority R does too, except that it"
        + " answers anyway when a repair times out) or wait for all N replicas; the linearizable column is the"
        + " checker's verdict on the recorded history. Latencies are at the client, for successful operations;"
        + " faults counts what the nemesis did (each fault and each repair). Unavailable time is the share of the"
        + " clients' time that followed an operation that failed or timed out, until the client's next attempt:"
        + " per unit of time, not per operation, because a client that gets no answers waits for each and so"
        + " makes few attempts (the CSV also has unavailable_pct, the share of operations).");
    return report.build();
  }

  private static Block.CsvField csv(String header) {
    return new Block.CsvField(header, Block.CsvField.Scale.BASE, Block.Column.UNIT_FORMAT);
  }

  private static Block.Column millis(String name, String csvName) {
    return new Block.Column(name, Unit.NANOSECONDS).csv(new Block.CsvField(csvName, Block.CsvField.Scale.MILLIS, 3));
  }

  private static Block.Column percent(String name, String csvName) {
    return new Block.Column(name, Unit.RATIO).percentDecimals(2)
        .csv(new Block.CsvField(csvName, Block.CsvField.Scale.PERCENT, 3));
  }

  /** Folds a run's trace hash into the sweep's, as the scenario runner folds its variants'. */
  private static long fold(long hash, long next) {
    long h = hash ^ next;
    h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
    h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
    return h ^ (h >>> 31);
  }

  private static String join(List<Integer> values) {
    StringBuilder s = new StringBuilder();
    for (int v : values) {
      s.append(s.length() == 0 ? "" : ",").append(v);
    }
    return s.toString();
  }
}
