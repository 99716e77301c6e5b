import type { $ZodIssue } from 'zod/v4/core';

/** One problem found by a schema: where (path into the data) and what. */
export interface MessageIssue {
  path: readonly (string | number)[];
  message: string;
  /** The schema library's code for the problem (`invalid_type`, `too_small`...). */
  code: string;
}

export function toMessageIssues(issues: readonly $ZodIssue[]): MessageIssue[] {
  return issues.map((issue) => ({
    path: issue.path.map((key) => (typeof key === 'number' ? key : String(key))),
    message: issue.message,
    code: issue.code ?? 'custom',
  }));
}

export function describeIssues(issues: readonly MessageIssue[]): string {
  return issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}
