import { CheckpointConflictError, isFactumError, type RecordedEvent } from '@factum/event-store';
import type { Subject } from 'rxjs';
import { ATTR } from '../telemetry/attributes';
import { subscriberAttributes } from '../telemetry/handling-telemetry';
import { instruments } from '../telemetry/metrics';
import { errorCodeOf } from '../telemetry/record-error';
import { Aborted, sleep } from './abort';
import { backoffDelay, resolveRetry, type ErrorDecision } from './error-policy';
import { toErrorInfo } from './failure-records';
import type { ResolvedSubscriptionSettings } from './runner-settings';
import type { SubscriberSpec } from './subscriber-spec';
import type { SubscriberError, SubscriberErrorInfo } from './subscriber-status';
import type { SubscriptionLogger } from './subscription-logger';

/**
 * What a runner knows of its failures and what it decides about them: a handler's failure is
 * retried with backoff, then the subscriber's error policy applies; a store's failure restarts
 * the runner after a growing delay. Every failure is logged and emitted on `errors$`.
 */
export class SubscriberFailures {
  private last: SubscriberErrorInfo | null = null;
  private storeFailures = 0;
  private readonly retry;

  constructor(
    private readonly spec: SubscriberSpec,
    private readonly env: { errors: Subject<SubscriberError>; logger: SubscriptionLogger; settings: ResolvedSubscriptionSettings },
    /** Called when a handler is about to be retried (status shows `retrying`). */
    private readonly onRetrying: () => void,
  ) {
    this.retry = resolveRetry(spec.retry);
  }

  get lastError(): SubscriberErrorInfo | null {
    return this.last;
  }

  /** A rebuild starts afresh: earlier failures no longer describe the read model. */
  clear(): void {
    this.last = null;
  }

  /** An event was handled: the next store failure counts from one again. */
  recovered(): void {
    this.storeFailures = 0;
  }

  /** After a handler failure: waits and answers `'retry'` while attempts are left, then applies the error policy. */
  async decide(event: RecordedEvent, error: unknown, attempts: number, signal: AbortSignal): Promise<ErrorDecision> {
    if (error instanceof Aborted) throw error;
    this.last = toErrorInfo(error, event, attempts);
    let decision: ErrorDecision;
    if (attempts < this.retry.maxAttempts) {
      decision = 'retry';
    } else {
      const policy = this.spec.onError ?? 'stop';
      try {
        decision = typeof policy === 'function' ? await policy({ subscriber: this.spec.name, event, error, attempts }) : policy;
      } catch (policyError) {
        this.env.logger.error?.({ err: policyError, subscriber: this.spec.name }, 'the error policy itself failed; stopping the subscriber');
        decision = 'stop';
      }
      if (decision !== 'retry' && decision !== 'skip') decision = 'stop';
    }
    this.report(error, event, attempts, decision);
    const attributes = { ...subscriberAttributes(this.spec, event), [ATTR.errorCode]: errorCodeOf(error) };
    instruments().subscriberFailures.add(1, attributes);
    if (decision === 'retry') {
      instruments().subscriberRetries.add(1, attributes);
      this.onRetrying();
      await sleep(backoffDelay(this.retry, Math.min(attempts, this.retry.maxAttempts)), signal);
    }
    return decision;
  }

  /** A store or lease failure (not a handler's): records and reports it; returns how long to wait before starting over. */
  storeFailed(error: unknown): number {
    this.storeFailures++;
    this.last = toErrorInfo(error, null, this.storeFailures);
    if (isFactumError(error, CheckpointConflictError.code))
      this.env.logger.warn?.({ err: error, subscriber: this.spec.name }, 'subscriber lost ownership of its checkpoint');
    this.report(error, undefined, this.storeFailures, 'restart');
    return Math.min(30_000, this.env.settings.restartDelayMs * 2 ** Math.min(this.storeFailures - 1, 16));
  }

  /** The lease was lost (expired, or its connection died): reported as a restart. */
  leaseLost(reason: unknown): void {
    this.report(reason, undefined, 0, 'restart');
  }

  report(error: unknown, event: RecordedEvent | undefined, attempts: number, decision: SubscriberError['decision']): void {
    const level = decision === 'retry' ? 'warn' : 'error';
    this.env.logger[level]?.({ err: error, subscriber: this.spec.name, eventId: event?.eventId, attempts, decision }, `subscriber '${this.spec.name}' failed`);
    this.env.errors.next({ subscriber: this.spec.name, kind: this.spec.kind, error, ...(event ? { event } : {}), attempts, decision });
  }
}
