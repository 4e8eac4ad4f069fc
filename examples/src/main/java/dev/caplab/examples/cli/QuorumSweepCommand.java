package dev.caplab.examples.cli;

import dev.caplab.check.LinearizabilityResult;
import dev.caplab.examples.quorum.MixedWorkload;
import dev.caplab.examples.scenario.TextTable;
import dev.caplab.fault.NemesisConfig;
import dev.caplab.replication.pbs.PbsProfile;
import dev.caplab.replication.quorum.FanOut;
import dev.caplab.replication.quorum.QuorumConfig;
import dev.caplab.replication.quorum.ReadOptions;
import dev.caplab.replication.quorum.ReadRepair;
import dev.caplab.replication.quorum.WriteOptions;
import dev.caplab.time.Durations;
import java.io.PrintWriter;
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
 * and the linearizability checker's verdict on the recorded history. CSV columns: {@value
 * #CSV_HEADER}.
 *
 * <p>Not thread-safe: one instance per invocation.
 */
@Command(name = "quorum", mixinStandardHelpOptions = true,
    description = "Sweep R and W of a quorum store: staleness, latency, unavailability, linearizability.")
final class QuorumSweepCommand implements Callable<Integer> {

  /** The CSV header, exactly. */
  static final String CSV_HEADER = "n,r,w,fanout,read_repair,nemesis,reads,stale_reads,stale_pct,read_p50_ms,"
      + "read_p99_ms,read_p999_ms,write_p50_ms,write_p99_ms,write_p999_ms,unavailable_pct,linearizable";

  /** Store nodes of the swept cluster (at least N). */
  static final int STORE_NODES = 5;
  /** Budget of the linearizability check of one history. */
  static final Duration CHECK_BUDGET = Duration.ofSeconds(10);

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

  @Option(names = "--profile", paramLabel = "NAME", defaultValue = "LNKD-DISK",
      description = "Latency profile, as for 'caplab pbs' (default: ${DEFAULT-VALUE}).")
  private String profile;

  @Option(names = "--ops", paramLabel = "K", defaultValue = "1000", description = "Operations per setting (default: ${DEFAULT-VALUE}).")
  private String ops;

  @Option(names = "--nemesis", paramLabel = "none|partitions|crashes", defaultValue = "none",
      description = "Random faults during the run (default: ${DEFAULT-VALUE}).")
  private String nemesis;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Master seed (default: ${DEFAULT-VALUE}).")
  private String seed;

  @Option(names = "--csv", description = "Print CSV instead of the table.")
  private boolean csv;

  /** One swept setting's figures. */
  record Row(int n, int r, int w, String fanout, String readRepair, String nemesis, MixedWorkload.Stats stats,
      String linearizable, int faults) {}

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
            result.faults().size()));
      }
    }
    progress.done();
    PrintWriter out = cmd.getOut();
    out.print(csv ? csv(rows) : text(rows, p, k, s));
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

  static String csv(List<Row> rows) {
    StringBuilder s = new StringBuilder(CSV_HEADER).append('\n');
    for (Row row : rows) {
      MixedWorkload.Stats st = row.stats();
      s.append(row.n()).append(',').append(row.r()).append(',').append(row.w()).append(',')
          .append(row.fanout()).append(',').append(row.readRepair()).append(',').append(row.nemesis()).append(',')
          .append(st.reads()).append(',').append(st.staleReads()).append(',')
          .append(Values.fixed(st.stalePct(), 3)).append(',')
          .append(ms(st.readLatency().p50())).append(',').append(ms(st.readLatency().p99())).append(',')
          .append(ms(st.readLatency().p999())).append(',')
          .append(ms(st.writeLatency().p50())).append(',').append(ms(st.writeLatency().p99())).append(',')
          .append(ms(st.writeLatency().p999())).append(',')
          .append(Values.fixed(st.unavailablePct(), 3)).append(',').append(row.linearizable()).append('\n');
    }
    return s.toString();
  }

  static String text(List<Row> rows, PbsProfile profile, long ops, long seed) {
    Row first = rows.get(0);
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "Quorum sweep: N=%d, %d store nodes, 5 clients, %d ops per setting (half"
        + " reads, 2 keys), profile %s, fan-out %s, read repair %s, nemesis %s, seed %d%n%n", first.n(), STORE_NODES,
        ops, profile.name(), first.fanout(), first.readRepair(), first.nemesis(), seed));
    TextTable t = new TextTable("R", "W", "R+W>N", "reads", "stale", "stale %", "read p50", "read p99", "write p50",
        "write p99", "unavailable %", "linearizable", "faults");
    for (Row row : rows) {
      MixedWorkload.Stats st = row.stats();
      t.row(row.r(), row.w(), row.r() + row.w() > row.n() ? "yes" : "no", st.reads(), st.staleReads(),
          Values.fixed(st.stalePct(), 2), Durations.human(st.readLatency().p50()),
          Durations.human(st.readLatency().p99()), Durations.human(st.writeLatency().p50()),
          Durations.human(st.writeLatency().p99()),
          Values.fixed(st.unavailablePct(), 2), row.linearizable(), row.faults());
    }
    s.append(t.render()).append('\n');
    s.append(Values.wrap("A read is stale when it returns a value older than a write that finished before the read began."
        + " With R+W>N every read quorum meets every write quorum, so (without sloppy quorums) no read is stale;"
        + " smaller R and W answer sooner and stay available with more replicas down, and pay for it in stale"
        + " reads. R+W>N alone does not make reads linearizable: a read that sees a write still in progress can"
        + " be followed by one that misses it. Reads become linearizable when they write what they return back to"
        + " a majority before answering (ABD; blocking read repair with a majority R does too, except that it"
        + " answers anyway when a repair times out) or wait for all N replicas; the linearizable column is the checker's verdict on the recorded"
        + " history. Latencies are at the"
        + " client, for successful operations; unavailable operations failed or timed out; faults counts what the"
        + " nemesis did (each fault and each repair).", 100));
    return s.toString();
  }

  private static String ms(long nanos) {
    return Values.fixed(nanos / 1e6, 3);
  }
}
