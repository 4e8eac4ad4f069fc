/**
 * Window aggregations that answer from a sketch instead of the elements: {@link
 * dev.caplab.streaming.sketch.DistinctCount distinct counts} from an Apache DataSketches
 * HyperLogLog sketch, with the estimate's bounds at a stated confidence, and {@link
 * dev.caplab.streaming.sketch.Percentiles percentiles} from an HdrHistogram, within its value
 * precision. Both are {@link dev.caplab.streaming.window.AggregateFunction aggregate functions} whose
 * accumulators merge without loss of their guarantee, so they work in tumbling, sliding and merging
 * (session) windows alike.
 */
package dev.caplab.streaming.sketch;
