import type { RecordedEvent } from '@factum/event-store';
import type { ConsoleSettings } from '../console-options';

/** What a page may show of an event's data and metadata, after `hideData` and `redact`. */
export type EventView = { shown: true; data: unknown; metadata: unknown } | { shown: false; reason: string };

/**
 * The one place data leaves the store for a page: a hidden type shows nothing, a redaction
 * shows what the user function returns, and a redaction that throws shows nothing (never the
 * stored data it was meant to mask).
 */
export function viewOf(settings: ConsoleSettings, event: RecordedEvent): EventView {
  if (settings.hideData.has(event.type)) return { shown: false, reason: `data of ${event.type} events is hidden` };
  if (!settings.redact) return { shown: true, data: event.data, metadata: event.metadata };
  try {
    const redacted = settings.redact(event);
    return { shown: true, data: redacted.data, metadata: redacted.metadata };
  } catch {
    return { shown: false, reason: 'the redaction function failed on this event' };
  }
}
