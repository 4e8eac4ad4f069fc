package dev.caplab.examples.saga;

/** The events of the choreography, on the log, keyed by order id; each carries its order. */
sealed interface CheckoutEvent {

  /** The order this event is about. */
  Order order();

  /** The orders service took an order. */
  record OrderPlaced(Order order) implements CheckoutEvent {}

  /** The inventory service reserved the order's items. */
  record InventoryReserved(Order order) implements CheckoutEvent {}

  /** The inventory service had too few items: nothing reserved. */
  record InventoryRejected(Order order) implements CheckoutEvent {}

  /** The payment service charged the card. */
  record PaymentCharged(Order order) implements CheckoutEvent {}

  /** The bank declined the card: nothing charged. */
  record PaymentFailed(Order order) implements CheckoutEvent {}

  /** The inventory service released a reservation whose payment failed. */
  record InventoryReleased(Order order) implements CheckoutEvent {}

  /** The orders service confirmed the order: the follow-ups may run. */
  record OrderConfirmed(Order order) implements CheckoutEvent {}
}
