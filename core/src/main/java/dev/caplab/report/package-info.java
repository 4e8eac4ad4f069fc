/**
 * The report model and its renderings: a {@link dev.caplab.report.Report} (header, body blocks,
 * typed metrics, checks) that a scenario fills from its run's numbers, and the text, JSON, CSV and
 * HTML renderings of it. Units live in the model ({@link dev.caplab.report.Unit}), not in metric
 * names.
 */
package dev.caplab.report;
