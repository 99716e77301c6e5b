import type { NewDeadLetter } from '../../../contract/dead-letter-store';
import type { GlobalPosition } from '../../../contract/position';

/** A dead letter of `subscriber` for event `eventId` at `position`, as a runner records one. */
export function sampleDeadLetter(subscriber: string, eventId: string, position: GlobalPosition): NewDeadLetter {
  return {
    subscriber,
    eventId,
    eventType: 'Deposited',
    streamId: 'account-1',
    version: 1,
    position,
    error: { name: 'Error', message: 'boom', code: null, stack: null },
    attempts: 3,
  };
}
