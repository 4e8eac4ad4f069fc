package dev.caplab.time;

/**
 * Caffeine's view of a caplab {@link Ticker}. Kept apart from {@link Tickers} so that only a call
 * to {@link Tickers#caffeine(Ticker)} loads this class, and with it Caffeine (an optional
 * dependency).
 *
 * <p>Thread-safe when the wrapped ticker is; Caffeine reads it from its maintenance threads.
 */
record CaffeineTicker(Ticker ticker) implements com.github.benmanes.caffeine.cache.Ticker {

  /**
   * Declared to return Caffeine's interface (not this record) so that verifying {@link Tickers}
   * compares identical type names and does not need to load Caffeine.
   */
  static com.github.benmanes.caffeine.cache.Ticker adapt(Ticker ticker) {
    if (ticker == Ticker.system()) {
      return com.github.benmanes.caffeine.cache.Ticker.systemTicker();
    }
    return new CaffeineTicker(ticker);
  }

  @Override
  public long read() {
    return ticker.nanos();
  }
}
