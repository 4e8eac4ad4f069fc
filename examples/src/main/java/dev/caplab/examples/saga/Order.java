package dev.caplab.examples.saga;

/**
 * One customer's order: {@code quantity} of {@code item}, paid with a card the bank declines or not.
 *
 * @param id the order id, which is also its saga id
 * @param item the item's index
 * @param quantity how many
 * @param cardDeclined whether the bank declines the charge
 */
record Order(String id, int item, int quantity, boolean cardDeclined) {}
