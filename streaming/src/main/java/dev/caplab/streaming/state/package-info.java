/**
 * Keyed state that expires after a time-to-live of inactivity, with Apache Flink's {@code
 * StateTtlConfig} semantics on processing time from a {@link dev.caplab.time.Ticker}: {@link
 * dev.caplab.streaming.state.TtlValueState value state} and {@link
 * dev.caplab.streaming.state.TtlMapState map state}, their update type and state visibility,
 * cleanup on access and incremental cleanup, and their size through {@link
 * dev.caplab.streaming.state.StateMetricsBinder Micrometer}.
 */
package dev.caplab.streaming.state;
