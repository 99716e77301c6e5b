import { trace, type Tracer } from '@opentelemetry/api';

/**
 * The `factum` tracer. The API hands out a proxy that follows whatever provider is registered,
 * later included, so one instance serves; with no SDK every span is a cheap non-recording one.
 */
export const tracer: Tracer = trace.getTracer('factum');
