package dev.caplab.examples.resilience.distributedmonolith;

import java.util.List;

/**
 * Every message of the shop: orders placed at the checkout, calls to the downstream services, and
 * events through the queue. A closed family, so the nodes can check they handle all of it.
 */
sealed interface ShopMessage {

  /** A customer places an order. */
  record PlaceOrder(long order) implements ShopMessage {}

  /** The order went through. */
  record OrderPlaced(long order) implements ShopMessage {}

  /** The order failed because {@code service} did not answer yes. */
  record OrderFailed(long order, String service) implements ShopMessage {}

  /** Do this service's part of the order (charge, reserve, ship, send the e-mail). */
  record Work(long order) implements ShopMessage {}

  /** The service did its part. */
  record WorkDone(long order) implements ShopMessage {}

  /** The service failed this time (a 503). */
  record WorkFailed(long order) implements ShopMessage {}

  /** Publish one event per service for {@code order}: they will do their part later. */
  record Publish(long order, List<String> services) implements ShopMessage {
    public Publish {
      services = List.copyOf(services);
    }
  }

  /** The queue stored the events. */
  record Published(long order) implements ShopMessage {}

  /** The queue could not store them (it failed this time). */
  record PublishFailed(long order) implements ShopMessage {}

  /** An event: {@code service} must do its part of {@code order}. */
  record Event(long order, String service, long publishedAt) implements ShopMessage {}

  /** The queue hands an event to the worker. */
  record Deliver(Event event) implements ShopMessage {}

  /** The worker finished the event; the queue may forget it. */
  record Processed(Event event) implements ShopMessage {}

  /** The worker gave up on the event for now; the queue delivers it again later. */
  record NotProcessed(Event event) implements ShopMessage {}
}
