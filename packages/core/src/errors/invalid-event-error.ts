import { FactumError } from '@factum/event-store';
import type { MessageIssue } from '../messages/schema-issues';
import { describeIssues } from '../messages/schema-issues';

/**
 * An event does not match its definition: one an aggregate emits (a bug in the handler, nothing is
 * appended), or one read from the store that no upcaster brings to the current schema.
 */
export class InvalidEventError extends FactumError {
  static readonly code = 'INVALID_EVENT';
  constructor(
    readonly eventType: string,
    readonly issues: readonly MessageIssue[],
    /** Where the stored event sits; absent for an event that was being emitted. */
    readonly location?: { streamId: string; version: number; schemaVersion: number },
  ) {
    super(
      InvalidEventError.code,
      location
        ? `Stored event '${eventType}' (stream '${location.streamId}', version ${location.version}, schema version ${location.schemaVersion}) ` +
            `does not match its definition: ${describeIssues(issues)}. Add or fix an upcaster in defineEvent('${eventType}', ..., { upcast }).`
        : `Event '${eventType}' being emitted does not match its schema: ${describeIssues(issues)}. Nothing was appended.`,
    );
  }
}
