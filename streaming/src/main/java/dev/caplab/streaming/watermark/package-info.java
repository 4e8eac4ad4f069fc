/**
 * Watermarks with Apache Flink's semantics: generators ({@link
 * dev.caplab.streaming.watermark.BoundedOutOfOrdernessWatermarks bounded out-of-orderness}, {@link
 * dev.caplab.streaming.watermark.PunctuatedWatermarks punctuated}, {@link
 * dev.caplab.streaming.watermark.WatermarksWithIdleness idleness}), their periodic driver on a
 * ticker, and the {@link dev.caplab.streaming.watermark.StatusWatermarkValve minimum across
 * inputs}.
 */
package dev.caplab.streaming.watermark;
