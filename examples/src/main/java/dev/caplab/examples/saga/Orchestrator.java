package dev.caplab.examples.saga;

import dev.caplab.examples.saga.CheckoutMessage.Accepted;
import dev.caplab.examples.saga.CheckoutMessage.PlaceOrder;
import dev.caplab.examples.saga.CheckoutMessage.StepCommand;
import dev.caplab.examples.saga.CheckoutMessage.StepDone;
import dev.caplab.messaging.saga.InMemorySagaStore;
import dev.caplab.messaging.saga.SagaConfig;
import dev.caplab.messaging.saga.SagaCoordinator;
import dev.caplab.messaging.saga.SagaDefinition;
import dev.caplab.messaging.saga.SagaListener;
import dev.caplab.messaging.saga.SagaState;
import dev.caplab.messaging.saga.StepAction;
import dev.caplab.messaging.saga.StepPhase;
import dev.caplab.messaging.saga.StorageSagaStore;
import dev.caplab.net.Envelope;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;

/**
 * The orchestrator: a {@link SagaCoordinator} of the checkout saga on this node, its progress in
 * the node's durable storage (each move synced before the step it leads to is sent), its timers
 * the node's. An order is accepted once its saga is saved; after a crash the new incarnation
 * resumes every open saga. Each step is a request to its service, answered by the service's
 * {@link StepService}.
 *
 * <p>Not thread-safe: a node.
 */
final class Orchestrator implements Node {

  private final boolean followUpsAsync;
  private final Duration stepTimeout;
  private final SagaLedger ledger;
  private final boolean durable;
  private SagaCoordinator<Order> coordinator;
  private int pendingSteps;

  /**
   * Follow-ups after the point of no return when {@code followUpsAsync}, else before it; progress in
   * the node's durable storage when {@code durable}, else in memory that dies with the node (to
   * show what the durable store prevents).
   */
  Orchestrator(boolean followUpsAsync, Duration stepTimeout, SagaLedger ledger, boolean durable) {
    this.followUpsAsync = followUpsAsync;
    this.stepTimeout = stepTimeout;
    this.ledger = ledger;
    this.durable = durable;
  }

  /** The checkout saga whose steps are requests from {@code ctx}'s node. */
  private SagaDefinition<Order> checkout(NodeContext ctx, boolean followUpsAsync, Duration timeout) {
    SagaDefinition.Builder<Order> b = SagaDefinition.builder("checkout");
    for (Service s : Service.values()) {
      StepAction<Order> request = request(ctx, s, timeout);
      if (s.followUp() && followUpsAsync) {
        b.retriableStep(s.step(), request, timeout);
      } else {
        b.step(s.step(), request, request, timeout);
      }
    }
    return b.build();
  }

  private StepAction<Order> request(NodeContext ctx, Service s, Duration timeout) {
    return inv -> {
      if (inv.phase() == StepPhase.COMPENSATION && inv.attempt() > 1) {
        ledger.compensationRetried(inv.sagaId());
      }
      pendingSteps++;
      ctx.call(ctx.node(s.node()), new StepCommand(inv.sagaId(), inv.step(), inv.phase(), inv.payload()), timeout)
          .onReply(r -> {
            pendingSteps--;
            StepDone d = (StepDone) r.message();
            if (d.ok()) {
              inv.succeeded();
            } else {
              inv.failed(d.reason());
            }
          })
          // no reply within the timeout: the coordinator's own timeout of the step decides
          .onFailure(f -> pendingSteps--);
    };
  }

  /**
   * Step requests this incarnation sent and that are neither answered nor timed out: the
   * orchestrator's queue of work handed to the services.
   */
  int pendingSteps() {
    return pendingSteps;
  }

  @Override
  public void onStart(NodeContext ctx) {
    // counters, not the coordinator's own gauges: a restarted node's registry hands back the first
    // incarnation's meters, and counters accumulate across incarnations
    Counter started = sagas(ctx, "started");
    Counter completed = sagas(ctx, "completed");
    Counter compensated = sagas(ctx, "compensated");
    SagaListener listener = new SagaListener() {
      @Override
      public void started(String sagaId) {
        started.increment();
      }

      @Override
      public void pivotPassed(String sagaId) {
        ledger.answered(sagaId, true, ctx.now());
      }

      @Override
      public void compensating(String sagaId, String step, String reason) {
        ledger.compensating(sagaId, reason);
      }

      @Override
      public void finished(String sagaId, SagaState terminal) {
        if (terminal == SagaState.COMPENSATED) {
          ledger.answered(sagaId, false, ctx.now());
        }
        ledger.terminal(sagaId, terminal == SagaState.COMPLETED, ctx.now());
        (terminal == SagaState.COMPLETED ? completed : compensated).increment();
      }
    };
    coordinator = new SagaCoordinator<>(checkout(ctx, followUpsAsync, stepTimeout), SagaConfig.ofDefaults(),
        durable ? new StorageSagaStore<>(ctx.storage()) : new InMemorySagaStore<>(), ctx.scheduler(), ctx.random(),
        listener);
    coordinator.resume();
  }

  private static Counter sagas(NodeContext ctx, String outcome) {
    return ctx.metrics().counter(SagaCoordinator.METER_PREFIX + outcome, "node", ctx.id().name(), "saga", "checkout");
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope e) {
    if (e.message() instanceof PlaceOrder p) {
      coordinator.start(p.order().id(), p.order());
      ctx.reply(e, new Accepted(p.order().id()));
    } else if (!(e.message() instanceof StepDone)) { // a late StepDone: the step timed out, or was answered
      throw new IllegalArgumentException("message must be a PlaceOrder, got " + e.message());
    }
  }
}
