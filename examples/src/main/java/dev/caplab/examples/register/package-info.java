/**
 * The {@code register-partition} scenario: a single register replicated naively (write locally,
 * acknowledge, push to the others later) over three nodes, three clients whose operations are
 * recorded into a {@link dev.caplab.history.History}, and the checkers that judge it.
 */
package dev.caplab.examples.register;
