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
 * stale reads, not linearizable), and replicas can disagree after the heal (no convergence
 * without versions and a repair protocol): a push lost at a partition is never resent, and the
 * pushes of two concurrent writes can reach two replicas in opposite orders. Every write, push
 * and application goes into a {@link ReplicationJournal}, so a disagreement is explained from what
 * happened.
 *
 * <p>Not thread-safe, like every node: the runtime calls its handlers one at a time.
 */
final class ReplicaNode implements Node {

  private final List<String> replicas;
  private final ReplicationJournal journal;
  private Long value;

  /** A replica among {@code replicas} (node names, itself included), recording into {@code journal}. */
  ReplicaNode(List<String> replicas, ReplicationJournal journal) {
    this.replicas = List.copyOf(replicas);
    this.journal = journal;
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
      journal.applied(ctx.id().name(), w.value(), ctx.now(), ctx.id().name());
      ctx.reply(envelope, new WriteOk());
      for (String name : replicas) {
        NodeId peer = ctx.node(name);
        if (!peer.equals(ctx.id())) {
          ctx.send(peer, new Replicate(w.value()));
          journal.pushed(ctx.id().name(), name, w.value(), ctx.now());
        }
      }
    } else if (m instanceof Replicate r) {
      value = r.value();
      journal.applied(ctx.id().name(), r.value(), ctx.now(), envelope.from().name());
    } else {
      throw new IllegalArgumentException("a replica does not expect " + m + " from " + envelope.from());
    }
  }

  /** The local value ({@code null} before any write). */
  Long value() {
    return value;
  }
}
