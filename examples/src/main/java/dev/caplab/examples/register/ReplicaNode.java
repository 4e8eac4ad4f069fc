package dev.caplab.examples.register;

import dev.caplab.examples.register.RegisterMessage.Read;
import dev.caplab.examples.register.RegisterMessage.ReadOk;
import dev.caplab.examples.register.RegisterMessage.Replicate;
import dev.caplab.examples.register.RegisterMessage.Write;
import dev.caplab.examples.register.RegisterMessage.WriteOk;
import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import java.util.List;

/**
 * One replica of a primary-less register, replicated the naive way: a write is applied locally
 * and acknowledged at once, then pushed to the other replicas once, fire and forget; a received
 * push simply overwrites the local value (last arrival wins, no versions). Reads answer the local
 * value.
 *
 * <p>Fast and available, and wrong in two ways the checkers see: a read on another replica can
 * miss a write that has already completed (the push is in flight, or dropped at a partition:
 * stale reads, not linearizable), and a push lost at a partition is never resent, so replicas can
 * disagree after the heal (no convergence without a repair protocol).
 *
 * <p>Not thread-safe, like every node: the runtime calls its handlers one at a time.
 */
final class ReplicaNode implements Node {

  private final List<String> replicas;
  private Long value;

  /** A replica among {@code replicas} (node names, itself included). */
  ReplicaNode(List<String> replicas) {
    this.replicas = List.copyOf(replicas);
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope envelope) {
    if (!(envelope.message() instanceof RegisterMessage m)) {
      throw new IllegalArgumentException("a replica only understands RegisterMessage, got " + envelope.message());
    }
    if (m instanceof Read) {
      ctx.reply(envelope, new ReadOk(value));
    } else if (m instanceof Write w) {
      value = w.value();
      ctx.reply(envelope, new WriteOk());
      for (String name : replicas) {
        NodeId peer = ctx.node(name);
        if (!peer.equals(ctx.id())) {
          ctx.send(peer, new Replicate(w.value()));
        }
      }
    } else if (m instanceof Replicate r) {
      value = r.value();
    } else {
      throw new IllegalArgumentException("a replica does not expect " + m + " from " + envelope.from());
    }
  }

  /** The local value ({@code null} before any write). */
  Long value() {
    return value;
  }
}
