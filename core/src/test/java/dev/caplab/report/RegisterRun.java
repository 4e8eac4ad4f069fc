package dev.caplab.report;

import dev.caplab.fault.Fault;
import dev.caplab.fault.FaultLog;
import dev.caplab.fault.FaultPlan;
import dev.caplab.metrics.LatencyRecorder;
import dev.caplab.net.Envelope;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.sim.Simulation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A small seeded run made into a report with every kind of block, for the HTML tests: three
 * replicas of one register replicate asynchronously; client c1 writes to n1, client c2 reads from
 * n3; n1 is partitioned from the others and then crashes, so acknowledged writes are lost and
 * reads go stale. Run as a program ({@code seed html-file json-file}) it writes the report's HTML
 * and JSON, so a test can compare the bytes of two JVMs.
 */
final class RegisterRun {

  static final long MS = 1_000_000L;
  static final Duration RUN = Duration.ofSeconds(3);
  static final Duration WINDOW_FROM = Duration.ofMillis(800);
  static final Duration WINDOW_TO = Duration.ofMillis(2610);
  static final List<String> NODES = List.of("n1", "n2", "n3", "c1", "c2");
  private static final Duration TIMEOUT = Duration.ofMillis(60);
  private static final Duration PERIOD = Duration.ofMillis(25);

  record Write(int value) {}

  record Ack(int value) {}

  record Read() {}

  record Value(int value) {}

  record Replicate(int value) {}

  /** What a client did: the operation, when, and its result (null while unanswered). */
  private static final class Op {
    final int node;
    final boolean write;
    final int value;
    final long invokedAt;
    long completedAt = -1;
    Integer result;
    boolean timedOut;
    int lastAckedBefore;

    Op(int node, boolean write, int value, long invokedAt, int lastAckedBefore) {
      this.node = node;
      this.write = write;
      this.value = value;
      this.invokedAt = invokedAt;
      this.lastAckedBefore = lastAckedBefore;
    }
  }

  /** The whole run's bookkeeping, outside the nodes (they lose their state when they crash). */
  private static final class World {
    final TreeMap<Integer, Set<String>> holders = new TreeMap<>();
    final int[] values = new int[3];
    final List<Op> ops = new ArrayList<>();
    int lastAcked;
    final LatencyRecorder writes = new LatencyRecorder();
    final LatencyRecorder reads = new LatencyRecorder();

    void applied(String replica, int index, int value) {
      holders.computeIfAbsent(value, v -> new TreeSet<>()).add(replica);
      values[index] = Math.max(values[index], value);
    }

    void crashed(String replica, int index) {
      holders.values().forEach(s -> s.remove(replica));
      values[index] = 0;
    }
  }

  /** A replica: the latest value it saw, forwarded to the other replicas and forgotten on a crash. */
  private static final class Replica implements Node {
    private final World world;
    private final int index;
    private int value;

    Replica(World world, int index) {
      this.world = world;
      this.index = index;
    }

    @Override
    public void onMessage(NodeContext ctx, Envelope e) {
      if (e.message() instanceof Write w) {
        apply(ctx, w.value());
        ctx.reply(e, new Ack(w.value()));
        for (int i = 0; i < 3; i++) {
          if (i != index) {
            ctx.send(ctx.node(NODES.get(i)), new Replicate(w.value()));
          }
        }
      } else if (e.message() instanceof Replicate r) {
        apply(ctx, r.value());
      } else if (e.message() instanceof Read) {
        ctx.reply(e, new Value(value));
      } else {
        throw new IllegalArgumentException("unexpected " + e.message());
      }
    }

    private void apply(NodeContext ctx, int v) {
      if (v > value) {
        value = v;
        world.applied(NODES.get(index), index, v);
      }
    }
  }

  /** A client that writes 1, 2, 3... to n1 (or reads from n3) every {@link #PERIOD}. */
  private static final class Client implements Node {
    private final World world;
    private final boolean writer;
    private int next = 1;

    Client(World world, boolean writer) {
      this.world = world;
      this.writer = writer;
    }

    @Override
    public void onStart(NodeContext ctx) {
      tick(ctx);
    }

    private void tick(NodeContext ctx) {
      Op op = new Op(ctx.id().index(), writer, writer ? next++ : 0, ctx.now(), world.lastAcked);
      world.ops.add(op);
      NodeId target = ctx.node(writer ? "n1" : "n3");
      ctx.call(target, writer ? new Write(op.value) : new Read(), TIMEOUT)
          .onReply(e -> {
            op.completedAt = ctx.now();
            if (e.message() instanceof Ack a) {
              op.result = a.value();
              world.lastAcked = Math.max(world.lastAcked, a.value());
              world.writes.record(op.completedAt - op.invokedAt);
            } else if (e.message() instanceof Value v) {
              op.result = v.value();
              world.reads.record(op.completedAt - op.invokedAt);
            }
          })
          .onFailure(f -> {
            op.completedAt = ctx.now();
            op.timedOut = true;
          });
      ctx.schedule(PERIOD, () -> tick(ctx));
    }

    @Override
    public void onMessage(NodeContext ctx, Envelope e) {}
  }

  private RegisterRun() {}

  /** The run with {@code seed}, as a report. */
  static Report report(long seed) {
    Simulation sim = Simulation.builder().seed(seed).journal(WINDOW_FROM, WINDOW_TO, 20_000).build();
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(LinkProfile.custom()
        .latency(LatencyModel.logNormal(Duration.ofMillis(4), 0.6)).loss(0.02).build());
    World world = new World();
    for (int i = 0; i < 3; i++) {
      int index = i;
      cluster.add(NODES.get(i), () -> new Replica(world, index));
    }
    cluster.add("c1", () -> new Client(world, true));
    cluster.add("c2", () -> new Client(world, false));
    FaultLog faults = FaultLog.of(cluster);
    faults.onApplied(t -> {
      if (t.fault() instanceof Fault.Crash c) {
        world.crashed(c.node(), NODES.indexOf(c.node()));
      }
    });
    FaultPlan.builder()
        .partition(Duration.ofMillis(1000), List.of("n1", "c1"), List.of("n2", "n3", "c2"))
        .crash(Duration.ofMillis(1800), "n1")
        .heal(Duration.ofMillis(2000))
        .restart(Duration.ofMillis(2200), "n1")
        .build().schedule(faults);
    Sampler sampler = new Sampler(sim, world);
    sim.runFor(RUN);

    long okWrites = 0;
    long lostWrites = 0;
    long unknownWrites = 0;
    long okReads = 0;
    long staleReads = 0;
    long failedReads = 0;
    SpaceTime.Builder diagram = SpaceTime.builder("window", "n1 cut off, then crashed", NODES,
        WINDOW_FROM.toNanos(), WINDOW_TO.toNanos())
        .trace(sim.trace().journal())
        .faults(faults.entries());
    for (Op op : world.ops) {
      SpaceTime.Outcome outcome;
      if (op.write) {
        if (op.timedOut || op.result == null) {
          outcome = SpaceTime.Outcome.UNKNOWN;
          unknownWrites++;
        } else if (world.holders.getOrDefault(op.value, Set.of()).isEmpty()) {
          outcome = SpaceTime.Outcome.LOST;
          lostWrites++;
        } else {
          outcome = SpaceTime.Outcome.OK;
          okWrites++;
        }
      } else {
        if (op.timedOut || op.result == null) {
          outcome = SpaceTime.Outcome.FAILED;
          failedReads++;
        } else if (op.result < op.lastAckedBefore) {
          outcome = SpaceTime.Outcome.STALE;
          staleReads++;
        } else {
          outcome = SpaceTime.Outcome.OK;
          okReads++;
        }
      }
      long end = op.completedAt < 0 ? sim.now() : op.completedAt;
      if (end >= WINDOW_FROM.toNanos() && op.invokedAt <= WINDOW_TO.toNanos()) {
        diagram.operation(op.node, op.invokedAt, end, op.write ? "write " + op.value : "read " + resultOf(op), outcome);
      }
    }
    long reads = okReads + staleReads + failedReads;
    double staleRatio = reads == 0 ? 0.0 : staleReads / (double) reads;

    Header header = new Header("register-fixture",
        "Does asynchronous replication keep acknowledged writes when the primary is cut off and then crashes?",
        "", seed, sim.trace().hashHex(), sim.now(), "caplab run register-fixture --seed " + seed);
    Block.Table.Builder replicaRows = Block.Table.builder("replicas", "Replicas at the end of the run",
        new Block.Column("replica", Unit.TEXT), new Block.Column("messages handled", Unit.COUNT),
        new Block.Column("value", Unit.COUNT), new Block.Column("up", Unit.BOOLEAN));
    for (int i = 0; i < 3; i++) {
      NodeId id = cluster.id(NODES.get(i));
      replicaRows.row(NODES.get(i), cluster.handled(id), world.values[i], cluster.isUp(id));
    }
    Block.Table outcomes = Block.Table.builder("outcomes", "Client operations by outcome",
        new Block.Column("operation", Unit.TEXT), new Block.Column("outcome", Unit.TEXT),
        new Block.Column("count", Unit.COUNT), new Block.Column("share", Unit.RATIO))
        .row("write", "ok", okWrites, share(okWrites, okWrites + lostWrites + unknownWrites))
        .row("write", "lost", lostWrites, share(lostWrites, okWrites + lostWrites + unknownWrites))
        .row("write", "unknown", unknownWrites, share(unknownWrites, okWrites + lostWrites + unknownWrites))
        .row("read", "ok", okReads, share(okReads, reads))
        .row("read", "stale", staleReads, share(staleReads, reads))
        .row("read", "failed", failedReads, share(failedReads, reads))
        .build();

    return Report.builder(header)
        .heading("What happened")
        .paragraph("c1 wrote " + (okWrites + lostWrites + unknownWrites) + " values to n1; " + lostWrites
            + " acknowledged writes never reached another replica before n1 crashed, and " + staleReads + " of "
            + reads + " reads from n3 returned an older value than one already acknowledged.")
        .bullets(List.of("Lost writes: " + lostWrites + ".", "Stale reads: " + staleReads + "."))
        .add(replicaRows.build())
        .add(outcomes)
        .add(new Block.Distribution("latency", "Client latency",
            List.of(Block.Curve.of("write", world.writes), Block.Curve.of("read", world.reads))))
        .add(new Block.TimeSeries("values", "The register's value on each replica", Unit.COUNT, sampler.lines()))
        .add(new Block.FaultTimeline("", faults.entries(), sim.now()))
        .heading("The window around the partition")
        .add(diagram.build())
        .metric(Metric.count("writes.ok", okWrites))
        .metric(Metric.count("writes.lost", lostWrites))
        .metric(Metric.count("reads.stale", staleReads))
        .metric(Metric.ratio("reads.staleShare", staleRatio))
        .metric(Metric.nanos("writes.p99", world.writes.p99()))
        .check(Check.of("noLostWrites", lostWrites == 0, "every acknowledged write survived",
            Metric.count("lost", lostWrites)))
        .check(Check.of("freshReads", staleReads == 0, "no read returned a value older than an acknowledged write",
            Metric.count("stale", staleReads), Metric.ratio("share", staleRatio)))
        .check(Check.of("readsAnswered", true, "the run finished with every read answered or timed out",
            Metric.count("reads", reads)))
        .build();
  }

  private static String resultOf(Op op) {
    return op.result == null ? "?" : "-> " + op.result;
  }

  private static double share(long part, long all) {
    return all == 0 ? 0.0 : part / (double) all;
  }

  /** Each replica's value every 50 ms, sampled as the run goes. */
  private static final class Sampler {
    private final long[] times = new long[(int) (RUN.toMillis() / 50) + 1];
    private final double[][] values = new double[3][times.length];

    Sampler(Simulation sim, World world) {
      for (int k = 0; k < times.length; k++) {
        int s = k;
        sim.scheduleAt(k * 50 * MS, () -> {
          times[s] = sim.now();
          for (int i = 0; i < 3; i++) {
            values[i][s] = world.values[i];
          }
        });
      }
    }

    List<Block.Line> lines() {
      List<Block.Line> lines = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        lines.add(new Block.Line(NODES.get(i), times, values[i]));
      }
      return lines;
    }
  }

  /** Writes the report of each seed's run as HTML and JSON: {@code seed html-file json-file}, repeated. */
  public static void main(String[] args) throws IOException {
    for (int i = 0; i + 2 < args.length; i += 3) {
      Report r = report(Long.parseLong(args[i]));
      Files.writeString(Path.of(args[i + 1]), HtmlReport.render(r), StandardCharsets.UTF_8);
      Files.writeString(Path.of(args[i + 2]), JsonReport.render(r), StandardCharsets.UTF_8);
    }
  }
}
