/**
 * Sagas (not built yet): a business transaction as a sequence of local steps, each paired with a
 * compensation that undoes it, so that a failed step is answered by running the compensations of
 * the steps already done, in reverse order, instead of by a distributed lock or two-phase commit.
 */
package dev.caplab.messaging.saga;
