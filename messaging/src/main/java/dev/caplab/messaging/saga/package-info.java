/**
 * Sagas: a business transaction as a sequence of local steps, each paired with a compensation that
 * undoes it, so that a failed step is answered by running the compensations of the steps already
 * done, in reverse order, instead of by a distributed lock or two-phase commit.
 *
 * <p>Orchestration: a {@link dev.caplab.messaging.saga.SagaDefinition} lists the steps (the
 * compensatable ones, then, after the point of no return, the retriable ones); a {@link
 * dev.caplab.messaging.saga.SagaCoordinator} runs them, saving its progress in a {@link
 * dev.caplab.messaging.saga.SagaStore} before every move so that it resumes after a crash; a
 * {@link dev.caplab.messaging.saga.SagaParticipant} on the service side applies each step and each
 * compensation at most once. Choreography needs no coordinator: services react to each other's
 * events on the log ({@code dev.caplab.messaging.log}), each deduplicating by saga id.
 */
package dev.caplab.messaging.saga;
