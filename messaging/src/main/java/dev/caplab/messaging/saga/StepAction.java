package dev.caplab.messaging.saga;

/**
 * One half of a saga step (its action or its compensation): starts the work and reports its
 * outcome, now or later, through the invocation's {@link StepInvocation#succeeded()} or {@link
 * StepInvocation#failed(String)}. It must not block: a step that sends a request reports from the
 * reply's callback. An outcome that never comes is a timeout.
 *
 * <p>The coordinator may run the same half of the same step more than once (a retry after a
 * timeout, a resume after a crash), so the service behind it must deduplicate by (saga id, step):
 * see {@link SagaParticipant}.
 *
 * <p>Called on the coordinator's thread; an implementation may report from another thread only if
 * it hands the report back to that thread (a node's callbacks already run on it).
 *
 * @param <P> the payload type
 */
@FunctionalInterface
public interface StepAction<P> {

  /** Starts the work for {@code invocation}. */
  void run(StepInvocation<P> invocation);
}
