/**
 * A streaming pipeline runtime with Flink's model at parallelism 1 per operator: {@link
 * dev.caplab.streaming.pipeline.Source sources} (a partitioned log, a list, a generator), keyed
 * operators (map, filter, keyBy, windows, a keyed process function with state), {@link
 * dev.caplab.streaming.pipeline.Sink sinks} (collecting, at-least-once, idempotent,
 * transactional); bounded buffers between the tasks with credit-based backpressure, load shedding
 * by priority, or no bound ({@link dev.caplab.streaming.pipeline.BufferMode}); checkpoints with
 * aligned barriers and restore from the latest one; Kappa reprocessing: {@link
 * dev.caplab.streaming.pipeline.Replay replays} of the retained log and a {@link
 * dev.caplab.streaming.pipeline.Reprocessing switch} of readers to a new job version once it has
 * caught up. Single-threaded, driven by an injected ticker
 * and scheduler: deterministic in a simulation, usable on real time.
 */
package dev.caplab.streaming.pipeline;
