package dev.caplab.messaging.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caplab.messaging.docs.DocExample;
import dev.caplab.time.Scheduler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/**
 * docs/sagas.md's embedding example is this class's {@link #example} word for word, and the output
 * it quotes is what the example prints.
 */
class SagaDocsTest {

  private static final Path DOC = Path.of("../docs/sagas.md");
  private static final Path SOURCE = Path.of("src/test/java/dev/caplab/messaging/saga/SagaDocsTest.java");

  private static void example(PrintWriter out) throws Exception {
    // example:begin
    ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(); // the coordinator's one thread
    Map<String, Integer> stock = new TreeMap<>(Map.of("book", 1, "pen", 5));

    SagaDefinition<String> checkout = SagaDefinition.<String>builder("checkout")
        .step("reserveInventory", inv -> {
          if (stock.get(inv.payload()) == 0) {
            inv.failed("out of stock");
          } else {
            stock.merge(inv.payload(), -1, Integer::sum);
            inv.succeeded();
          }
        }, inv -> {
          stock.merge(inv.payload(), 1, Integer::sum); // release
          inv.succeeded();
        }, Duration.ofSeconds(1))
        .step("chargeCard", inv -> {
          if (inv.payload().equals("pen")) {
            inv.failed("card declined");
          } else {
            inv.succeeded();
          }
        }, StepInvocation::succeeded /* refund */, Duration.ofSeconds(1))
        .retriableStep("sendEmail", inv -> {
          out.println("  email for " + inv.sagaId());
          inv.succeeded();
        }, Duration.ofSeconds(1))
        .build();

    SagaListener print = new SagaListener() {
      @Override
      public void compensating(String sagaId, String step, String reason) {
        out.println(sagaId + ": " + step + " failed (" + reason + "), compensating");
      }

      @Override
      public void finished(String sagaId, SagaState terminal) {
        out.println(sagaId + ": " + terminal + ", stock " + stock);
      }
    };
    SagaCoordinator<String> coordinator = new SagaCoordinator<>(checkout, SagaConfig.ofDefaults(),
        new InMemorySagaStore<>(), Scheduler.of(loop), new SplittableRandom(1), print);
    for (String[] order : new String[][] {{"order-1", "book"}, {"order-2", "pen"}, {"order-3", "book"}}) {
      loop.submit(() -> coordinator.start(order[0], order[1])).get(); // every call on the loop's thread
    }
    loop.shutdownNow();
    // example:end
  }

  @Test
  void theDocQuotesTheExampleAndItsOutput() throws Exception {
    assertEquals(DocExample.code(SOURCE), DocExample.block(DOC, "```java"),
        "docs/sagas.md's example is not SagaDocsTest.example");
    StringWriter printed = new StringWriter();
    example(new PrintWriter(printed, true));
    assertEquals(printed.toString().lines().toList(), DocExample.block(DOC, "```text"), "docs/sagas.md's output");
  }
}
