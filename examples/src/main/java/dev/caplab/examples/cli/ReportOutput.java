package dev.caplab.examples.cli;

import dev.caplab.report.HtmlReport;
import dev.caplab.report.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * The {@code --report DIR [--force]} of the commands that print a {@link Report}: the directory
 * is checked before the run starts (a file, a non-empty directory without {@code --force}, or a
 * place that cannot be written is refused), and the HTML page is written after it. Stateless.
 */
final class ReportOutput {

  private ReportOutput() {}

  /**
   * Refuses a report directory that cannot take the page, before the run starts.
   *
   * @param dir the directory, or null when the option is absent
   */
  static void check(CommandLine cmd, Path dir, boolean force) {
    if (dir == null) {
      if (force) {
        throw new BadValueException(cmd, "--force only applies to --report DIR, which is missing");
      }
      return;
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new BadValueException(cmd, "--report: " + dir + " is a file, not a directory");
    }
    if (Files.isDirectory(dir)) {
      boolean empty;
      try (Stream<Path> entries = Files.list(dir)) {
        empty = entries.findAny().isEmpty();
      } catch (IOException e) {
        throw new BadValueException(cmd, "--report: cannot read " + dir + ": " + e.getMessage());
      }
      if (!empty && !force) {
        throw new BadValueException(cmd, "--report: " + dir
            + " is not empty; choose a new directory, or add --force to write index.html into it");
      }
      if (!Files.isWritable(dir)) {
        throw new BadValueException(cmd, "--report: cannot write into " + dir);
      }
    } else {
      Path parent = dir.toAbsolutePath().getParent();
      while (parent != null && !Files.exists(parent)) {
        parent = parent.getParent();
      }
      if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
        throw new BadValueException(cmd, "--report: cannot create " + dir
            + (parent == null ? "" : ": " + parent + " is not a writable directory"));
      }
    }
  }

  /** Writes {@code report} as DIR/index.html (when {@code dir} is not null) and says where on stderr. */
  static void write(CommandLine cmd, Report report, Path dir) {
    if (dir == null) {
      return;
    }
    try {
      Files.createDirectories(dir);
      Path page = HtmlReport.write(report, dir);
      cmd.getErr().println("caplab: wrote " + page);
    } catch (IOException e) {
      throw new BadValueException(cmd, "--report: cannot write " + dir + ": " + e.getMessage());
    }
  }
}
