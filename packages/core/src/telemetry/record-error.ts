import { FactumError } from '@factum/event-store';
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { ATTR } from './attributes';

/** The code an error is known by on spans and metrics: its `FactumError` code, else its class name. */
export function errorCodeOf(error: unknown): string {
  if (error instanceof FactumError) return error.code;
  if (error instanceof Error) return error.name;
  return 'unknown';
}

/** Marks `span` failed with `error`: the exception event, status ERROR and `factum.error.code`. */
export function recordError(span: Span, error: unknown): void {
  if (!span.isRecording()) return;
  span.setAttribute(ATTR.errorCode, errorCodeOf(error));
  if (error instanceof Error) span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}
