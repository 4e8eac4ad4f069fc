/**
 * The {@code realtime-billing} scenario: a usage dashboard from a stream against the invoice from
 * a batch, under Lambda and Kappa.
 */
package dev.caplab.examples.streaming.realtimebilling;
