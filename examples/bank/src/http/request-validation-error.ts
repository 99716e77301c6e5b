import { FactumError } from '@factum/core';
import type { core } from 'zod';

/** One problem with a request: where (`in`), at which path of that part, and what is wrong. */
export interface RequestIssue {
  in: 'params' | 'querystring' | 'headers' | 'body';
  path: (string | number)[];
  code: string;
  message: string;
}

/**
 * A request's path, query, headers or body does not match its schema. The same code as a
 * command's ValidationError, so clients handle both the same way: fix the request, send it again.
 */
export class RequestValidationError extends FactumError {
  static readonly code = 'VALIDATION_FAILED';
  readonly issues: readonly RequestIssue[];
  constructor(part: RequestIssue['in'], issues: readonly core.$ZodIssue[]) {
    const listed = issues.map((issue): RequestIssue => ({
      in: part,
      path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
      code: issue.code,
      message: issue.message,
    }));
    const described = listed.map((issue) => `${[part, ...issue.path].join('.')}: ${issue.message}`).join('; ');
    super(RequestValidationError.code, `The request's ${part} is invalid: ${described}. Fix the request and send it again.`);
    this.issues = listed;
  }
}
