/**
 * The scenario kit: what a scenario declares ({@link dev.caplab.examples.scenario.Scenario}), the
 * run it fills ({@link dev.caplab.examples.scenario.ScenarioRun}: one simulation per variant, the
 * history recorder, the report's body) and the runner that turns it into a report with its header
 * and trace hash. It knows no scenario; the catalog ({@code dev.caplab.examples.ScenarioCatalog})
 * lists them.
 */
package dev.caplab.examples.scenario;
