import { FactumError } from '@factum/event-store';

/**
 * The JetStream stream exists with settings other than the ones asked for (subjects it does not
 * take, another retention, a shorter duplicate window). Nothing is changed on the server: update
 * the stream yourself, or ask for what it has.
 */
export class StreamMismatchError extends FactumError {
  static readonly code = 'NATS_STREAM_MISMATCH';
  constructor(
    readonly stream: string,
    readonly differences: readonly string[],
  ) {
    super(
      StreamMismatchError.code,
      `JetStream stream '${stream}' exists with other settings: ${differences.join('; ')}. Change the stream or the settings asked for.`,
    );
  }
}
