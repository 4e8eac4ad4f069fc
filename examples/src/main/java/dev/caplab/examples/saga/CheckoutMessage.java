package dev.caplab.examples.saga;

import dev.caplab.messaging.saga.StepPhase;

/** Requests and replies between the shop, the orchestrator (or the orders service) and the services. */
sealed interface CheckoutMessage {

  /** The shop places an order; answered with {@link Accepted} once it is durably taken. */
  record PlaceOrder(Order order) implements CheckoutMessage {}

  /** The order is taken: its saga will reach a terminal state. */
  record Accepted(String orderId) implements CheckoutMessage {}

  /** The orchestrator asks a service to run one half of one step; answered with {@link StepDone}. */
  record StepCommand(String sagaId, String step, StepPhase phase, Order order) implements CheckoutMessage {}

  /** A service's answer: done, or refused with a reason. */
  record StepDone(boolean ok, String reason) implements CheckoutMessage {}
}
