package dev.caplab.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * A value that parsed but is not allowed (an unknown scenario, a seed out of range), with a
 * message that already names the parameter, the value and what is allowed, so the error handler
 * prints it as it is.
 */
final class BadValueException extends ParameterException {
  private static final long serialVersionUID = 1L;

  BadValueException(CommandLine commandLine, String message) {
    super(commandLine, message);
  }
}
