/**
 * Conflict-resolution scenarios over the replicated CRDT store: {@code shopping-cart} (LWW,
 * MV-Register, OR-Set) and {@code like-counter} (LWW counter, PN-Counter), on two regions cut
 * apart for a while.
 */
package dev.caplab.examples.conflict;
