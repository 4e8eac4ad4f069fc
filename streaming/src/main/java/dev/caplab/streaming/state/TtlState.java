package dev.caplab.streaming.state;

/**
 * What every state with a time-to-live reports about its size, for {@link StateMetricsBinder}.
 *
 * <p>Implementations are not thread-safe; read these on the thread that drives the state.
 */
public interface TtlState {

  /** The expiry settings. */
  StateTtlConfig config();

  /** Entries stored now, counting expired ones not yet cleaned up. */
  long entries();

  /** Entries removed because they had expired (on access or by incremental cleanup), so far. */
  long expiredCleaned();

  /** An estimate of the bytes the stored entries hold, from the state's sizer (0 without one). */
  long estimatedBytes();
}
