package dev.caplab.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void onATerminalEachStepOverwritesTheLineAndDoneClearsIt() {
    StringWriter sink = new StringWriter();
    Progress p = new Progress(new PrintWriter(sink), "sweep", 9, true);
    p.step(1, "R=1 W=1");
    p.step(2, "R=1 W=2");
    p.done();
    assertEquals("\rsweep: 1/9 R=1 W=1\rsweep: 2/9 R=1 W=2\r" + " ".repeat("sweep: 2/9 R=1 W=2".length()) + "\r", sink.toString());
  }

  @Test
  void elsewhereItPrintsNothing() {
    StringWriter sink = new StringWriter();
    Progress p = new Progress(new PrintWriter(sink), "sweep", 9, false);
    p.step(1, "R=1 W=1");
    p.done();
    assertEquals("", sink.toString());
  }
}
