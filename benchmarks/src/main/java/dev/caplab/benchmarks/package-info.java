/** JMH suites that measure caplab's speed targets. */
package dev.caplab.benchmarks;
