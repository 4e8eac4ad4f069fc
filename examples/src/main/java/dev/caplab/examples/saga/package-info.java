/**
 * The {@code checkout-saga} scenario: a checkout that reserves inventory and charges a card, then
 * e-mails, updates recommendations and notifies the warehouse, run as an orchestrated saga (the
 * follow-ups after the point of no return, or all of it before), and as a choreography of services
 * reacting to each other's events on the log, under a crash of each service in turn.
 */
package dev.caplab.examples.saga;
