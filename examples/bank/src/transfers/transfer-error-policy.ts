import { isFactumError, isRefusal, type ErrorDecision, type HandlerFailure } from '@factum/core';
import { isConnectionError } from '@factum/postgres';

/**
 * What the transfer process does with a handler that still fails after its retries. The default
 * policy, `'stop'`, would halt every transfer for the failure of one. Instead:
 * - an outage (the store, its connection, a lost race) is waited out: retried after the longest
 *   backoff, for as long as it lasts, since every transfer needs the store anyway;
 * - anything else (a refusal the handler did not expect, a bug) concerns this one event: it
 *   becomes a dead letter, and the process goes on with the other transfers.
 *   `failDeadLetteredTransfers` then reports that transfer as failed.
 */
export function transferErrorPolicy({ error }: HandlerFailure): ErrorDecision {
  const outage = !isRefusal(error) && (isFactumError(error) || isConnectionError(error));
  return outage ? 'retry' : 'skip';
}
