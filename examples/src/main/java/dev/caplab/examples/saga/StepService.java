package dev.caplab.examples.saga;

import dev.caplab.examples.saga.CheckoutMessage.StepCommand;
import dev.caplab.examples.saga.CheckoutMessage.StepDone;
import dev.caplab.messaging.saga.SagaParticipant;
import dev.caplab.messaging.saga.SagaParticipant.Answer;
import dev.caplab.messaging.saga.StepPhase;
import dev.caplab.net.Envelope;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;

/**
 * A service in the orchestrated designs: runs the orchestrator's step commands through a {@link
 * SagaParticipant}, so a command sent twice (a resend after a crash, a network duplicate) takes
 * effect once and gets the first answer again.
 *
 * <p>Not thread-safe: a node.
 */
final class StepService implements Node {

  private final Service service;
  private final SagaLedger ledger;
  private SagaParticipant participant;

  StepService(Service service, SagaLedger ledger) {
    this.service = service;
    this.ledger = ledger;
  }

  @Override
  public void onStart(NodeContext ctx) {
    participant = new SagaParticipant(ctx.storage());
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope e) {
    if (!(e.message() instanceof StepCommand c)) {
      throw new IllegalArgumentException("message must be a StepCommand, got " + e.message());
    }
    Answer a;
    if (c.phase() == StepPhase.ACTION) {
      a = participant.act(c.sagaId(), c.step(), () -> service.act(ctx.storage(), c.order()));
      if (a.succeeded() && !a.duplicate() && service.followUp()) {
        ledger.followUpDone(c.sagaId(), service, ctx.now());
      }
    } else {
      a = participant.compensate(c.sagaId(), c.step(), () -> {
        service.undo(ctx.storage(), c.order());
        ledger.undone(c.sagaId(), service);
      });
    }
    ctx.reply(e, new StepDone(a.succeeded(), a.reason()));
  }
}
