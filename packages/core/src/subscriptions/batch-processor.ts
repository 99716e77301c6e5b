import { CheckpointConflictError, isFactumError, type RecordedEvent, type SubscriberSession, type SubscriberStore } from '@factum/event-store';
import { telemetryEnabled } from '../telemetry/enabled';
import { subscriberAttributes, traceHandling } from '../telemetry/handling-telemetry';
import { instruments } from '../telemetry/metrics';
import { throwIfAborted } from './abort';
import type { CheckpointWriter } from './checkpoint-writer';
import { toDeadLetter } from './failure-records';
import { attemptUntilDecided, type Attempt } from './handler-attempts';
import type { SubscriberFailures } from './subscriber-failures';
import type { SubscriberSpec } from './subscriber-spec';

/** The outcome of every handled event: one object, not one per event. */
const HANDLED: Attempt = Object.freeze({ ok: true });

/** How a batch ended: every event handled (or dead-lettered), or the `stop` policy halted at one. */
export type BatchOutcome = 'done' | 'stopped';

/** Thrown only to roll back a unit of work whose handler failed; never leaves this file. */
class RollBack extends Error {
  constructor(readonly failure: unknown) {
    super('handler failed; rolling back');
  }
}

/**
 * Handles batches of one subscriber. Plain subscribers handle event by event outside any unit of
 * work and leave the checkpoint to the writer's flushes; transactional ones handle a batch and
 * move the checkpoint past it in one unit of work, and redo a failing batch one event per unit
 * so the events before the failing one commit and it gets its retries and policy on its own.
 * A store failure is thrown (the runner starts over); a handler failure is decided here.
 */
export class BatchProcessor {
  /** Events whose delivery was timed: a retry or the redo of a rolled-back batch is no new delivery. */
  private readonly received = new WeakSet<RecordedEvent>();

  constructor(
    private readonly spec: SubscriberSpec,
    private readonly subscriberStore: SubscriberStore,
    private readonly checkpoints: CheckpointWriter,
    private readonly failures: SubscriberFailures,
    /** Called after each event whose effects are done. */
    private readonly onHandled: () => void,
  ) {}

  process(batch: RecordedEvent[], signal: AbortSignal): Promise<BatchOutcome> {
    return this.spec.atomic ? this.processInUnits(batch, signal) : this.processPlain(batch, signal);
  }

  private async processPlain(batch: RecordedEvent[], signal: AbortSignal): Promise<BatchOutcome> {
    for (const event of batch) {
      throwIfAborted(signal);
      const outcome = await attemptUntilDecided(
        event,
        (attempts) => this.tryHandle(event, null, attempts),
        (failed, error, attempts) => this.failures.decide(failed, error, attempts, signal),
      );
      if (outcome.kind === 'stop') {
        await this.checkpoints.flush();
        return 'stopped';
      }
      if (outcome.kind === 'skip') {
        await this.subscriberStore.deadLetters.add(toDeadLetter(this.spec.name, event, outcome.error, outcome.attempts));
        instruments().deadLetters.add(1, subscriberAttributes(this.spec, event));
      }
      this.checkpoints.handledOutsideUnit(event.position);
      this.onHandled();
    }
    await this.checkpoints.afterBatch();
    return 'done';
  }

  private async processInUnits(batch: RecordedEvent[], signal: AbortSignal): Promise<BatchOutcome> {
    // The whole batch in one unit first; if a handler fails it was rolled back, and is redone one event per unit.
    if (batch.length > 1 && (await this.commitUnit(batch, signal, 1)).ok) return 'done';
    for (const event of batch) {
      const outcome = await attemptUntilDecided(
        event,
        (attempts) => this.commitUnit([event], signal, attempts),
        (failed, error, attempts) => this.failures.decide(failed, error, attempts, signal),
      );
      if (outcome.kind === 'stop') return 'stopped';
      if (outcome.kind === 'skip') {
        await this.subscriberStore.transaction(async (session) => {
          await session.deadLetters.add(toDeadLetter(this.spec.name, event, outcome.error, outcome.attempts));
          await this.checkpoints.writeIn(session, event.position);
        });
        instruments().deadLetters.add(1, subscriberAttributes(this.spec, event));
        this.checkpoints.committedAt(event.position);
        this.onHandled();
      }
    }
    return 'done';
  }

  /** Handles `events` and moves the checkpoint past them in one unit of work; a handler failure rolls it all back. */
  private async commitUnit(events: RecordedEvent[], signal: AbortSignal, attempt: number): Promise<Attempt> {
    const last = events[events.length - 1]!;
    try {
      await this.subscriberStore.transaction(async (session) => {
        for (const event of events) {
          throwIfAborted(signal);
          const handled = await this.tryHandle(event, session, attempt);
          if (!handled.ok) throw new RollBack(handled.error);
        }
        // Before commit: a runner that lost its lease mid-batch rolls back rather than commit
        // (fencing would refuse it too); then the checkpoint moves in the same unit of work.
        throwIfAborted(signal);
        await this.checkpoints.writeIn(session, last.position);
        // What the handlers staged (bulk read-model writes) is written now, with the checkpoint
        // (a store may send both in one statement here); its failure is theirs, a refused fence is not.
        await session
          .prepareCommit?.()
          .catch((error: unknown) => Promise.reject(isFactumError(error, CheckpointConflictError.code) ? error : new RollBack(error)));
      });
    } catch (error) {
      if (error instanceof RollBack) return { ok: false, error: error.failure };
      throw error;
    }
    this.checkpoints.committedAt(last.position);
    this.onHandled();
    return { ok: true };
  }

  /** One attempt of the handler, traced and timed when an OpenTelemetry SDK is registered. */
  private async tryHandle(event: RecordedEvent, session: SubscriberSession | null, attempt: number): Promise<Attempt> {
    try {
      // An event of another partition: read, not handled; the checkpoint moves past it.
      if (this.spec.accepts && !this.spec.accepts(event)) return HANDLED;
      // Without an SDK, no span, no timing and no closure: this runs for every event.
      if (telemetryEnabled()) await traceHandling({ spec: this.spec, event, attempt, received: this.received }, () => this.spec.handle(event, session));
      else await this.spec.handle(event, session);
      return HANDLED;
    } catch (error) {
      return { ok: false, error };
    }
  }
}
