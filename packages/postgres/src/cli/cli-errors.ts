import { FactumError } from '@factum/event-store';

/** The command line itself is wrong (unknown command or option, missing argument): exit code 2. */
export class CliUsageError extends FactumError {
  static readonly code = 'CLI_USAGE';
  constructor(message: string) {
    super(CliUsageError.code, message);
  }
}

/** The database the CLI was pointed at does not exist; the CLI never creates one it was not asked to. */
export class DatabaseNotFoundError extends FactumError {
  static readonly code = 'DATABASE_NOT_FOUND';
  constructor(
    readonly database: string,
    hint: string,
  ) {
    super(DatabaseNotFoundError.code, `No database at ${database}: ${hint}`);
  }
}

/** Nothing in the log has this id: no event, and no conversation (correlation id). */
export class NothingTracedError extends FactumError {
  static readonly code = 'NOTHING_TRACED';
  constructor(readonly id: string) {
    super(NothingTracedError.code, `No event has the id '${id}', and no event belongs to a conversation with that correlation id.`);
  }
}
