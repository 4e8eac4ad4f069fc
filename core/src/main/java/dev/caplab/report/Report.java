package dev.caplab.report;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a run has to say, in one model that every rendering reads: a {@link Header}, a body
 * of {@link Block}s in reading order, typed {@link Metric}s and named {@link Check}s. Text, JSON
 * and CSV are renderings of the same report ({@link TextReport}, {@link JsonReport}, {@link
 * CsvReport}), so they cannot disagree.
 *
 * <p>Immutable and thread-safe.
 */
public record Report(Header header, List<Block> blocks, List<Metric> metrics, List<Check> checks) {

  public Report {
    Objects.requireNonNull(header, "header");
    blocks = List.copyOf(blocks);
    metrics = List.copyOf(metrics);
    checks = List.copyOf(checks);
    Set<String> names = new HashSet<>();
    Set<String> groups = new HashSet<>();
    for (Metric m : metrics) {
      if (!names.add(m.name())) {
        throw new IllegalArgumentException("metric names must be unique, '" + m.name() + "' appears twice");
      }
      String[] parts = m.name().split("\\.");
      StringBuilder prefix = new StringBuilder();
      for (int i = 0; i < parts.length - 1; i++) {
        prefix.append(i == 0 ? "" : ".").append(parts[i]);
        groups.add(prefix.toString());
      }
    }
    for (String g : groups) {
      if (names.contains(g)) {
        throw new IllegalArgumentException("metric '" + g + "' is also a group of other metrics: rename one");
      }
    }
    Set<String> checkNames = new HashSet<>();
    for (Check c : checks) {
      if (!checkNames.add(c.name())) {
        throw new IllegalArgumentException("check names must be unique, '" + c.name() + "' appears twice");
      }
    }
  }

  /** Starts a report with this header. */
  public static Builder builder(Header header) {
    return new Builder(header);
  }

  /** Whether every check held. */
  public boolean allChecksValid() {
    return checks.stream().allMatch(Check::valid);
  }

  /** The metric called {@code name}. */
  public Metric metric(String name) {
    for (Metric m : metrics) {
      if (m.name().equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException("no metric '" + name + "' in report " + header.scenario());
  }

  /** The check called {@code name}. */
  public Check check(String name) {
    for (Check c : checks) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("no check '" + name + "' in report " + header.scenario());
  }

  /** Collects a report's parts in order. Not thread-safe. */
  public static final class Builder {
    private final Header header;
    private final List<Block> blocks = new ArrayList<>();
    private final List<Metric> metrics = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();

    private Builder(Header header) {
      this.header = Objects.requireNonNull(header, "header");
    }

    /** Appends a block to the body. */
    public Builder add(Block block) {
      blocks.add(Objects.requireNonNull(block, "block"));
      return this;
    }

    /** Appends a heading. */
    public Builder heading(String text) {
      return add(new Block.Heading(text));
    }

    /** Appends a paragraph. */
    public Builder paragraph(String text) {
      return add(new Block.Paragraph(text));
    }

    /** Appends a list of findings. */
    public Builder bullets(List<String> items) {
      return add(new Block.Bullets(items));
    }

    /** Adds a metric. */
    public Builder metric(Metric metric) {
      metrics.add(Objects.requireNonNull(metric, "metric"));
      return this;
    }

    /** Adds a metric. */
    public Builder metric(String name, Unit unit, Object value) {
      return metric(new Metric(name, unit, value));
    }

    /** Adds a check. */
    public Builder check(Check check) {
      checks.add(Objects.requireNonNull(check, "check"));
      return this;
    }

    public Report build() {
      return new Report(header, blocks, metrics, checks);
    }
  }
}
