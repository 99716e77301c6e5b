import { FactumError } from '@factum/event-store';

/** No aggregate of the app handles this command type. */
export class UnknownCommandError extends FactumError {
  static readonly code = 'UNKNOWN_COMMAND';
  constructor(
    readonly commandType: string,
    hint?: string,
  ) {
    super(
      UnknownCommandError.code,
      `No handler for command '${commandType}'. ` +
        (hint ?? 'Give an aggregate a @CommandHandler for it and pass that aggregate to createApp({ aggregates }).'),
    );
  }
}
