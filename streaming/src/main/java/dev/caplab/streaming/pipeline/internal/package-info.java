/**
 * The pipeline's runtime: buffers with credits, tasks, source readers, operators and the
 * checkpoint coordinator. Not exported; used by {@code dev.caplab.streaming.pipeline}.
 */
package dev.caplab.streaming.pipeline.internal;
