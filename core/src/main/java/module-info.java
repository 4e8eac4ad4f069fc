/**
 * caplab's core: time and randomness, the deterministic simulator, the simulated network, the
 * node contract and its simulated runtime, faults, histories and consistency checkers, metrics,
 * and the argument checks every module's configurations share. Only the API packages are
 * exported; the simulator's runtime ({@code dev.caplab.sim.internal}) and the runtime-neutral call
 * bookkeeping ({@code dev.caplab.node.internal}) are not.
 */
module dev.caplab.core {
  requires transitive micrometer.core;
  requires transitive HdrHistogram;
  requires com.fasterxml.jackson.core;
  requires static com.github.benmanes.caffeine; // optional: only Tickers.caffeine needs it

  exports dev.caplab.check;
  exports dev.caplab.config;
  exports dev.caplab.fault;
  exports dev.caplab.history;
  exports dev.caplab.metrics;
  exports dev.caplab.net;
  exports dev.caplab.node;
  exports dev.caplab.report;
  exports dev.caplab.sim;
  exports dev.caplab.time;
  exports dev.caplab.workload;
}
