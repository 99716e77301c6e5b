import type { DispatchContext, DispatchResult } from './dispatch-options';

/**
 * Runs around every dispatch, in the order given, after validation: call `next()` to go on
 * (and get the result), throw to refuse, or wrap it to log, time or trace.
 */
export type Middleware = (context: DispatchContext, next: () => Promise<DispatchResult>) => Promise<DispatchResult>;

/** Builds the chain once, so a dispatch only walks it. */
export function composeMiddleware(
  middleware: readonly Middleware[],
  terminal: (context: DispatchContext) => Promise<DispatchResult>,
): (context: DispatchContext) => Promise<DispatchResult> {
  return middleware.reduceRight<(context: DispatchContext) => Promise<DispatchResult>>(
    (next, current) => (context) => current(context, () => next(context)),
    terminal,
  );
}
