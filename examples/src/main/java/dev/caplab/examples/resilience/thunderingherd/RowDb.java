package dev.caplab.examples.resilience.thunderingherd;

import dev.caplab.examples.resilience.thunderingherd.RowMessage.Conflict;
import dev.caplab.examples.resilience.thunderingherd.RowMessage.Read;
import dev.caplab.examples.resilience.thunderingherd.RowMessage.ReadOk;
import dev.caplab.examples.resilience.thunderingherd.RowMessage.Write;
import dev.caplab.examples.resilience.thunderingherd.RowMessage.Written;
import dev.caplab.net.Envelope;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;

/**
 * A database holding one row with a version number: a read returns the version, a conditional
 * write commits (and bumps the version) only if the row is still at the version the writer read.
 * Its service time and concurrency come from the node's {@code Capacity}.
 *
 * <p>Not thread-safe, like every node: the runtime calls its handlers one at a time.
 */
final class RowDb implements Node {

  private long version;
  private long commits;
  private long conflicts;

  @Override
  public void onMessage(NodeContext ctx, Envelope e) {
    if (e.message() instanceof Read) {
      ctx.reply(e, new ReadOk(version));
    } else if (e.message() instanceof Write w) {
      if (w.expectedVersion() == version) {
        version++;
        commits++;
        ctx.reply(e, new Written(version));
      } else {
        conflicts++;
        ctx.reply(e, new Conflict(version));
      }
    } else {
      throw new IllegalArgumentException("the row database understands Read and Write, got " + e.message());
    }
  }

  long commits() {
    return commits;
  }

  long conflicts() {
    return conflicts;
  }
}
