package dev.caplab.examples.streaming.realtimebilling;

import dev.caplab.examples.scenario.VariantKey;

/** One billing architecture. */
enum Variant implements VariantKey {
  STREAMING_ONLY("streamingOnly", "one stream, heuristic watermark, late usage to the side output"),
  LAMBDA("lambda", "the same stream as a speed layer, plus a batch layer"),
  KAPPA("kappa", "one stream that keeps windows open for late usage; a pricing change replayed from offset 0");

  private final String key;
  private final String description;

  Variant(String key, String description) {
    this.key = key;
    this.description = description;
  }

  @Override
  public String key() {
    return key;
  }

  String description() {
    return description;
  }
}
