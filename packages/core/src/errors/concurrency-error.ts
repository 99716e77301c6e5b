import { FactumError } from '@factum/event-store';

/**
 * Other writers kept changing the stream while a command was decided: every attempt found the
 * stream moved on. Nothing of this command was appended; it is safe to dispatch it again.
 */
export class ConcurrencyError extends FactumError {
  static readonly code = 'CONCURRENCY_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly commandType: string,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(
      ConcurrencyError.code,
      `Command '${commandType}' on stream '${streamId}' lost the race to other writers ${attempts} times in a row; nothing was appended. ` +
        'Dispatch it again, or raise createApp({ retries: { maxAttempts } }) if this stream is that busy.',
      options,
    );
  }
}
