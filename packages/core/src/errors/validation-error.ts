import { FactumError } from '@factum/event-store';
import type { MessageIssue } from '../messages/schema-issues';
import { describeIssues } from '../messages/schema-issues';

/** A command's data does not match its schema. Lists every issue; nothing was executed. */
export class ValidationError extends FactumError {
  static readonly code = 'VALIDATION_FAILED';
  constructor(
    readonly messageType: string,
    readonly issues: readonly MessageIssue[],
  ) {
    super(ValidationError.code, `Command '${messageType}' is invalid: ${describeIssues(issues)}. Fix the data and dispatch again.`);
  }
}
