package dev.caplab.examples.saga;

import dev.caplab.node.Storage;

/**
 * The five services of the checkout and their local transactions on a node's storage, the same in
 * both designs: inventory reserves and releases, payment charges and refunds, and the three
 * follow-ups record that they did their work. Effects write without syncing: the caller (a {@code
 * SagaParticipant}) syncs them together with its deduplication record.
 */
enum Service {
  INVENTORY("inventory", "reserveInventory"),
  PAYMENT("payment", "chargeCard"),
  EMAIL("email", "sendEmail"),
  RECOMMENDATIONS("recommendations", "updateRecommendations"),
  WAREHOUSE("warehouse", "notifyWarehouse");

  /** Items each product starts with. */
  static final int INITIAL_STOCK = 220;
  static final String HELD = "held/";
  static final String CHARGED = "charged/";
  static final String DONE = "done/";
  private static final String STOCK = "stock/";

  private final String node;
  private final String step;

  Service(String node, String step) {
    this.node = node;
    this.step = step;
  }

  /** The service's node name. */
  String node() {
    return node;
  }

  /** The saga step it runs. */
  String step() {
    return step;
  }

  /** Whether it is one of the follow-ups, which the customer need not wait for. */
  boolean followUp() {
    return this != INVENTORY && this != PAYMENT;
  }

  /** Applies the step's action to {@code storage}: null, or the reason it is refused. */
  String act(Storage storage, Order o) {
    switch (this) {
      case INVENTORY:
        int stock = stock(storage, o.item());
        if (stock < o.quantity()) {
          return "out of stock";
        }
        storage.put(STOCK + o.item(), stock - o.quantity());
        storage.put(HELD + o.id(), o.quantity());
        return null;
      case PAYMENT:
        if (o.cardDeclined()) {
          return "card declined";
        }
        storage.put(CHARGED + o.id(), Boolean.TRUE);
        return null;
      default:
        storage.put(DONE + o.id(), Boolean.TRUE);
        return null;
    }
  }

  /** Undoes the step's action in {@code storage}. */
  void undo(Storage storage, Order o) {
    switch (this) {
      case INVENTORY:
        storage.put(STOCK + o.item(), stock(storage, o.item()) + o.quantity());
        storage.remove(HELD + o.id());
        break;
      case PAYMENT:
        storage.remove(CHARGED + o.id());
        break;
      default:
        storage.remove(DONE + o.id());
        break;
    }
  }

  private static int stock(Storage storage, int item) {
    Integer s = storage.get(STOCK + item, Integer.class);
    return s == null ? INITIAL_STOCK : s;
  }
}
