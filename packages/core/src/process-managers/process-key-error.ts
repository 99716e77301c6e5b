import { FactumError } from '@factum/event-store';

/** A process manager could not tell which instance an event belongs to. */
export class ProcessKeyError extends FactumError {
  static readonly code = 'PROCESS_KEY_MISSING';
  constructor(
    readonly processName: string,
    readonly eventType: string,
    readonly eventId: string,
  ) {
    super(
      ProcessKeyError.code,
      `Process manager '${processName}' got no correlation key for event '${eventType}' (${eventId}). ` +
        `Give @On(${eventType}, { key: (e) => e.someId }) a key that returns a non-empty string, or make sure the event has a correlation id.`,
    );
  }
}
