package dev.caplab.replication.cache;

/** Why a {@link WriteBackCache} flushed. */
public enum FlushTrigger {
  /** The flush interval passed since the buffer's oldest increment (or the last failed write). */
  INTERVAL,
  /** The buffered keys reached the size limit. */
  SIZE,
  /** The owner called {@link WriteBackCache#flush()}. */
  MANUAL
}
