/**
 * Throughput limits on injected time: a {@link dev.caplab.capacity.TokenBucket} grants work at a
 * sustained rate and lets unused capacity accumulate up to a bound, the model of a storage
 * partition's provisioned throughput with burst capacity (DynamoDB keeps up to 300 seconds of
 * unused capacity). It is exact integer arithmetic on a {@link dev.caplab.time.Ticker}, so it
 * gives the same answers in every simulated run and works unchanged on real time.
 */
package dev.caplab.capacity;
