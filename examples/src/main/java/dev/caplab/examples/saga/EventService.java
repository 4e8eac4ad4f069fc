package dev.caplab.examples.saga;

import dev.caplab.examples.saga.CheckoutEvent.InventoryRejected;
import dev.caplab.examples.saga.CheckoutEvent.InventoryReleased;
import dev.caplab.examples.saga.CheckoutEvent.InventoryReserved;
import dev.caplab.examples.saga.CheckoutEvent.OrderConfirmed;
import dev.caplab.examples.saga.CheckoutEvent.OrderPlaced;
import dev.caplab.examples.saga.CheckoutEvent.PaymentCharged;
import dev.caplab.examples.saga.CheckoutEvent.PaymentFailed;
import dev.caplab.examples.saga.CheckoutMessage.Accepted;
import dev.caplab.examples.saga.CheckoutMessage.PlaceOrder;
import dev.caplab.messaging.log.Assignment;
import dev.caplab.messaging.log.LogMessage.CommitAnswer;
import dev.caplab.messaging.log.LogMessage.CommitOffset;
import dev.caplab.messaging.log.LogMessage.Fetch;
import dev.caplab.messaging.log.LogMessage.FetchOffset;
import dev.caplab.messaging.log.LogMessage.Fetched;
import dev.caplab.messaging.log.LogMessage.Heartbeat;
import dev.caplab.messaging.log.LogMessage.HeartbeatOk;
import dev.caplab.messaging.log.LogMessage.InitProducerId;
import dev.caplab.messaging.log.LogMessage.JoinGroup;
import dev.caplab.messaging.log.LogMessage.Joined;
import dev.caplab.messaging.log.LogMessage.OffsetFetched;
import dev.caplab.messaging.log.LogMessage.Produce;
import dev.caplab.messaging.log.LogMessage.Produced;
import dev.caplab.messaging.log.LogMessage.ProducerIdGranted;
import dev.caplab.messaging.log.LogRecord;
import dev.caplab.messaging.log.ProduceRequest;
import dev.caplab.messaging.saga.SagaParticipant;
import dev.caplab.messaging.saga.SagaParticipant.Answer;
import dev.caplab.net.Envelope;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A service in the choreography: a member of its own consumer group on the checkout topic, it
 * fetches events from its committed offset, handles each (its local transaction through a {@link
 * SagaParticipant}, so an event handed over again takes effect once), publishes the events its
 * decisions cause, and only then commits the offset after the batch: at least once, with
 * idempotent handlers. A duplicate event gets the first decision again and publishes it again, so
 * a crash between a decision and its event loses nothing. Producing is idempotent per incarnation
 * (a producer id and sequence numbers); a restarted service gets a new producer id, as a restarted
 * Kafka producer does, and may publish an event twice, which the handlers downstream absorb.
 *
 * <p>The orders service also takes the shop's orders: it saves each with a pending mark (synced)
 * before accepting it, publishes {@code OrderPlaced}, and clears the mark when the log has it; a
 * restarted orders service publishes every order still pending (the transactional outbox).
 *
 * <p>Not thread-safe: a node.
 */
final class EventService implements Node {

  static final String BROKER = "broker";
  static final String TOPIC = "checkout";
  static final Duration POLL = Duration.ofMillis(20);
  static final Duration TIMEOUT = Duration.ofMillis(100);
  static final int MAX_RECORDS = 50;
  static final String ORDERS = "orders";
  private static final String PENDING = "pending/";

  /** One event waiting to be produced, and what to do when the log has it. */
  private record Outgoing(CheckoutEvent event, Runnable done) {}

  private final Service service; // null for the orders service
  private final SagaLedger ledger;
  private SagaParticipant participant;
  private long producerId = -1;
  private int sequence;
  private final Deque<Outgoing> outbox = new ArrayDeque<>();
  private boolean producing;
  private Assignment assignment;
  private long position = -1;

  /** The service that runs {@code service}'s step, or the orders service when {@code service} is null. */
  EventService(Service service, SagaLedger ledger) {
    this.service = service;
    this.ledger = ledger;
  }

  private String name() {
    return service == null ? ORDERS : service.node();
  }

  @Override
  public void onStart(NodeContext ctx) {
    participant = new SagaParticipant(ctx.storage());
    if (service == null) {
      for (String key : ctx.storage().keys().subSet(PENDING, PENDING + Character.MAX_VALUE)) {
        Order o = ctx.storage().get(key, Order.class);
        publish(ctx, new OrderPlaced(o), () -> placedOnLog(ctx, o));
      }
    }
    initProducer(ctx);
  }

  private void initProducer(NodeContext ctx) {
    ctx.call(ctx.node(BROKER), new InitProducerId(), TIMEOUT)
        .onReply(r -> {
          producerId = ((ProducerIdGranted) r.message()).producerId();
          pump(ctx);
          poll(ctx);
        })
        .onFailure(f -> initProducer(ctx));
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope e) {
    if (e.message() instanceof PlaceOrder p) {
      if (service != null) {
        throw new IllegalArgumentException("orders go to the orders service, not to " + name() + ": " + p);
      }
      Order o = p.order();
      Answer a = participant.act(o.id(), "placeOrder", () -> {
        ctx.storage().put(PENDING + o.id(), o);
        return null;
      });
      if (!a.duplicate()) {
        publish(ctx, new OrderPlaced(o), () -> placedOnLog(ctx, o));
      }
      ctx.reply(e, new Accepted(o.id()));
    }
    // anything else: a late answer from the broker to a call that timed out
  }

  private void placedOnLog(NodeContext ctx, Order o) {
    ctx.storage().remove(PENDING + o.id());
    ctx.storage().sync();
  }

  // ---- consuming: join, heartbeat, fetch, handle, publish, commit ----

  private void later(NodeContext ctx) {
    ctx.schedule(POLL, () -> poll(ctx));
  }

  private void poll(NodeContext ctx) {
    if (assignment == null) {
      ctx.call(ctx.node(BROKER), new JoinGroup(name(), TOPIC, ctx.id().name()), TIMEOUT)
          .onReply(r -> {
            assignment = ((Joined) r.message()).assignment();
            position = -1;
            consume(ctx);
          })
          .onFailure(f -> later(ctx));
      return;
    }
    ctx.call(ctx.node(BROKER), new Heartbeat(name(), TOPIC, assignment.memberId()), TIMEOUT)
        .onReply(r -> {
          if (r.message() instanceof HeartbeatOk ok) {
            if (ok.assignment().generation() != assignment.generation()) {
              assignment = ok.assignment();
              position = -1;
            }
            consume(ctx);
          } else {
            assignment = null;
            later(ctx);
          }
        })
        .onFailure(f -> later(ctx));
  }

  private void consume(NodeContext ctx) {
    if (!assignment.partitions().contains(0)) {
      later(ctx);
      return;
    }
    if (position < 0) {
      ctx.call(ctx.node(BROKER), new FetchOffset(name(), TOPIC, 0), TIMEOUT)
          .onReply(r -> {
            position = Math.max(0, ((OffsetFetched) r.message()).offset());
            fetch(ctx);
          })
          .onFailure(f -> later(ctx));
    } else {
      fetch(ctx);
    }
  }

  private void fetch(NodeContext ctx) {
    Assignment current = assignment;
    ctx.call(ctx.node(BROKER), new Fetch(TOPIC, 0, position, MAX_RECORDS), TIMEOUT)
        .onReply(r -> {
          if (r.message() instanceof Fetched f && !f.records().isEmpty() && current == assignment) {
            List<CheckoutEvent> out = new ArrayList<>();
            for (LogRecord<Object, Object> rec : f.records()) {
              out.addAll(handle(ctx, (CheckoutEvent) rec.value()));
            }
            publishAll(ctx, out, () -> commit(ctx, current, f.nextOffset()));
          } else {
            later(ctx);
          }
        })
        .onFailure(f -> later(ctx));
  }

  private void commit(NodeContext ctx, Assignment current, long offset) {
    ctx.call(ctx.node(BROKER),
            new CommitOffset(name(), TOPIC, current.memberId(), current.generation(), 0, offset), TIMEOUT)
        .onReply(r -> {
          if (!((CommitAnswer) r.message()).result().fenced() && current == assignment) {
            position = offset;
          }
          later(ctx);
        })
        .onFailure(f -> later(ctx)); // the batch is handled again: the handlers are idempotent
  }

  // ---- the service's decisions ----

  private List<CheckoutEvent> handle(NodeContext ctx, CheckoutEvent event) {
    Order o = event.order();
    if (service == null) {
      return handleAsOrders(ctx, event, o);
    }
    switch (service) {
      case INVENTORY:
        if (event instanceof OrderPlaced) {
          Answer a = participant.act(o.id(), service.step(), () -> service.act(ctx.storage(), o));
          return List.of(a.succeeded() ? new InventoryReserved(o) : new InventoryRejected(o));
        }
        if (event instanceof PaymentFailed) {
          participant.compensate(o.id(), service.step(), () -> {
            service.undo(ctx.storage(), o);
            ledger.undone(o.id(), service);
          });
          return List.of(new InventoryReleased(o));
        }
        return List.of();
      case PAYMENT:
        if (event instanceof InventoryReserved) {
          Answer a = participant.act(o.id(), service.step(), () -> service.act(ctx.storage(), o));
          if (!a.succeeded()) {
            ledger.compensating(o.id(), a.reason()); // the reservation must be released
          }
          return List.of(a.succeeded() ? new PaymentCharged(o) : new PaymentFailed(o));
        }
        return List.of();
      default:
        if (event instanceof OrderConfirmed) {
          Answer a = participant.act(o.id(), service.step(), () -> service.act(ctx.storage(), o));
          if (!a.duplicate()) {
            ledger.followUpDone(o.id(), service, ctx.now());
          }
        }
        return List.of();
    }
  }

  private List<CheckoutEvent> handleAsOrders(NodeContext ctx, CheckoutEvent event, Order o) {
    if (event instanceof PaymentCharged) {
      Answer a = participant.act(o.id(), "confirm", () -> null);
      if (!a.duplicate()) {
        ledger.answered(o.id(), true, ctx.now());
      }
      return List.of(new OrderConfirmed(o));
    }
    if (event instanceof InventoryRejected || event instanceof InventoryReleased) {
      Answer a = participant.act(o.id(), "cancel", () -> null);
      if (!a.duplicate()) {
        ledger.answered(o.id(), false, ctx.now());
        ledger.terminal(o.id(), false, ctx.now());
      }
    }
    return List.of();
  }

  // ---- producing, one request at a time, each retried with its sequence number ----

  private void publishAll(NodeContext ctx, List<CheckoutEvent> events, Runnable then) {
    if (events.isEmpty()) {
      then.run();
      return;
    }
    int[] left = {events.size()};
    for (CheckoutEvent ev : events) {
      publish(ctx, ev, () -> {
        if (--left[0] == 0) {
          then.run();
        }
      });
    }
  }

  private void publish(NodeContext ctx, CheckoutEvent event, Runnable done) {
    outbox.add(new Outgoing(event, done));
    pump(ctx);
  }

  private void pump(NodeContext ctx) {
    if (producing || producerId < 0 || outbox.isEmpty()) {
      return;
    }
    producing = true;
    send(ctx, outbox.peek(), sequence);
  }

  private void send(NodeContext ctx, Outgoing out, int seq) {
    ProduceRequest<Object, Object> request =
        new ProduceRequest<>(TOPIC, 0, producerId, seq, out.event().order().id(), out.event());
    ctx.call(ctx.node(BROKER), new Produce(request), TIMEOUT)
        .onReply(r -> {
          if (!(r.message() instanceof Produced)) {
            throw new IllegalStateException("broker refused " + request + ": " + r.message());
          }
          ledger.eventPublished();
          sequence = seq + 1;
          outbox.poll();
          producing = false;
          out.done().run();
          pump(ctx);
        })
        .onFailure(f -> send(ctx, out, seq));
  }
}
