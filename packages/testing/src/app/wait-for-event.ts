import { decodeEvent, type AnyEventDefinition, type App, type DecodedEvent } from '@factum/core';
import type { RecordedEvent } from '@factum/event-store';
import { DEFAULT_WAIT_MS, type WaitOptions } from './wait-for-idle';
import { ExpectationError } from '../expectations/expectation-error';

/**
 * The first event of `type` (already stored or still to come) that matches `predicate`. It
 * listens before it looks at the stored events, so an event committed in between is not missed.
 */
export async function waitForEvent(
  app: App,
  type: string | AnyEventDefinition,
  predicate: (event: RecordedEvent) => boolean = () => true,
  options: WaitOptions = {},
): Promise<RecordedEvent> {
  const typeName = typeof type === 'string' ? type : type.type;
  const decode = (event: RecordedEvent): RecordedEvent => (typeof type === 'string' ? event : decodeEvent(type, event));
  const matches = (event: RecordedEvent): boolean => event.type === typeName && predicate(decode(event));
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;

  return new Promise<RecordedEvent>((resolve, reject) => {
    let done = false;
    const finish = (outcome: () => void): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      subscription.unsubscribe();
      outcome();
    };
    const check = (event: RecordedEvent): void => {
      try {
        if (matches(event)) finish(() => resolve(decode(event)));
      } catch (error) {
        finish(() => reject(error));
      }
    };
    const timer = setTimeout(
      () => finish(() => reject(new ExpectationError(`No '${typeName}' event matching the predicate arrived within ${timeoutMs} ms.`))),
      timeoutMs,
    );
    const subscription = app.events$.subscribe({ next: check, error: (error: unknown) => finish(() => reject(error)) });
    void (async () => {
      try {
        for await (const event of app.store.readAll({ filter: { types: [typeName] } })) {
          if (done) return;
          check(event);
        }
      } catch (error) {
        finish(() => reject(error));
      }
    })();
  });
}

export type { DecodedEvent };
