package dev.caplab.node;

import dev.caplab.net.Envelope;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** A test node whose handlers are given as lambdas. */
final class Scripted implements Node {

  private final Consumer<NodeContext> onStart;
  private final BiConsumer<NodeContext, Envelope> onMessage;

  Scripted(Consumer<NodeContext> onStart, BiConsumer<NodeContext, Envelope> onMessage) {
    this.onStart = onStart;
    this.onMessage = onMessage;
  }

  /** A node that does nothing at start and ignores messages. */
  static Scripted idle() {
    return new Scripted(ctx -> {}, (ctx, e) -> {});
  }

  /** A node that does {@code onStart} and ignores messages. */
  static Scripted starting(Consumer<NodeContext> onStart) {
    return new Scripted(onStart, (ctx, e) -> {});
  }

  /** A node that does nothing at start and handles messages with {@code onMessage}. */
  static Scripted handling(BiConsumer<NodeContext, Envelope> onMessage) {
    return new Scripted(ctx -> {}, onMessage);
  }

  @Override
  public void onStart(NodeContext ctx) {
    onStart.accept(ctx);
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope envelope) {
    onMessage.accept(ctx, envelope);
  }
}
