import { WrongExpectedVersionError, type AppendResult, type EventMetadata } from '@factum/event-store';
import { context, SpanKind, trace, type Context, type Span } from '@opentelemetry/api';
import type { DispatchResult } from '../commands/dispatch-options';
import { isRefusal } from '../errors/refusal';
import { ATTR, MESSAGING_SYSTEM } from './attributes';
import { instruments } from './metrics';
import { errorCodeOf, recordError } from './record-error';
import { tracer } from './tracer';
import { withTraceContext } from './trace-context';

/** How a dispatch ended, on its span and its metrics. */
export type CommandOutcome = 'ok' | 'already-handled' | 'refused' | 'error';

/**
 * The telemetry of one dispatch: its span (a child of whatever is active, e.g. an HTTP request
 * or the subscriber handling that made a process manager dispatch), the append spans inside it,
 * the retries on conflict, and the command metrics when it ends.
 */
export class CommandTelemetry {
  readonly span: Span;
  readonly context: Context;
  private readonly started = performance.now();
  private retries = 0;

  constructor(private readonly commandType: string) {
    const parent = context.active();
    this.span = tracer.startSpan(
      `dispatch ${commandType}`,
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          [ATTR.messagingSystem]: MESSAGING_SYSTEM,
          [ATTR.operationName]: 'dispatch',
          [ATTR.operationType]: 'send',
          [ATTR.commandType]: commandType,
        },
      },
      parent,
    );
    this.context = trace.setSpan(parent, this.span);
  }

  /** Names the stream and command once they are known (after validation). */
  identify(streamId: string, commandId: string): void {
    if (!this.span.isRecording()) return;
    this.span.setAttribute(ATTR.streamId, streamId);
    this.span.setAttribute(ATTR.messageId, commandId);
  }

  /** The stream moved under the command: it is decided again. */
  retried(): void {
    this.retries++;
  }

  /**
   * Runs the append of `count` events under an `append` span; `run` gets the metadata to store,
   * with this span's trace context in it, so subscribers can continue the trace.
   */
  async append(streamId: string, count: number, metadata: EventMetadata, run: (metadata: EventMetadata) => Promise<AppendResult>): Promise<AppendResult> {
    const span = tracer.startSpan(
      'append',
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          [ATTR.messagingSystem]: MESSAGING_SYSTEM,
          [ATTR.operationName]: 'append',
          [ATTR.operationType]: 'send',
          [ATTR.streamId]: streamId,
          [ATTR.batchCount]: count,
        },
      },
      this.context,
    );
    const started = performance.now();
    const metrics = instruments();
    try {
      const result = await run(withTraceContext(metadata, trace.setSpan(this.context, span)));
      if (span.isRecording() && result.position !== null) span.setAttribute(ATTR.position, String(result.position));
      metrics.appendDuration.record((performance.now() - started) / 1000, { [ATTR.outcome]: 'ok' });
      metrics.appendedEvents.add(count);
      return result;
    } catch (error) {
      const outcome = error instanceof WrongExpectedVersionError ? 'conflict' : 'error';
      metrics.appendDuration.record((performance.now() - started) / 1000, { [ATTR.outcome]: outcome, [ATTR.errorCode]: errorCodeOf(error) });
      recordError(span, error);
      throw error;
    } finally {
      span.end();
    }
  }

  succeeded(result: DispatchResult): void {
    this.end(result.alreadyHandled ? 'already-handled' : 'ok');
  }

  failed(error: unknown): void {
    recordError(this.span, error);
    this.end(isRefusal(error) ? 'refused' : 'error', errorCodeOf(error));
  }

  private end(outcome: CommandOutcome, errorCode?: string): void {
    const attributes: Record<string, string> = { [ATTR.commandType]: this.commandType, [ATTR.outcome]: outcome };
    if (errorCode !== undefined) attributes[ATTR.errorCode] = errorCode;
    const metrics = instruments();
    metrics.commands.add(1, attributes);
    metrics.commandDuration.record((performance.now() - this.started) / 1000, attributes);
    if (this.span.isRecording()) {
      this.span.setAttribute(ATTR.outcome, outcome);
      this.span.setAttribute(ATTR.retries, this.retries);
    }
    this.span.end();
  }
}
