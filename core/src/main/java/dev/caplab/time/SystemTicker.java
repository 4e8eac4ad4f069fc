package dev.caplab.time;

/** Real time for embedded use; thread-safe. The only place that reads the JVM's clock. */
enum SystemTicker implements Ticker {
  INSTANCE;

  @Override
  public long nanos() {
    return System.nanoTime();
  }
}
