import { FactumError } from '@factum/event-store';

/** The console was set up wrongly (a bad option); the message names the option and what it needs. */
export class ConsoleConfigurationError extends FactumError {
  constructor(
    readonly option: string,
    problem: string,
  ) {
    super('CONSOLE_CONFIGURATION', `Factum Console option '${option}': ${problem}`);
  }
}

/** A request the console cannot answer as asked: a bad filter, an unknown page (HTTP 400 or 404). */
export class ConsoleRequestError extends FactumError {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(status === 404 ? 'CONSOLE_NOT_FOUND' : 'CONSOLE_BAD_REQUEST', message);
  }
}

/** An action (retry, skip, restart, rebuild) refused: actions are off, or the token is missing or wrong (HTTP 403). */
export class ConsoleActionRefusedError extends FactumError {
  constructor(message: string) {
    super('CONSOLE_ACTION_REFUSED', message);
  }
}

/** An action the mounted app cannot do (an older `@factum/core`): HTTP 501. */
export class ConsoleActionUnsupportedError extends FactumError {
  constructor(message: string) {
    super('CONSOLE_ACTION_UNSUPPORTED', message);
  }
}
