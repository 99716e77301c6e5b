import type { ConsoleRebuildProgress, ConsoleSettings } from '../console-options';
import { ConsoleActionUnsupportedError, ConsoleRequestError } from '../errors/console-errors';

export type ConsoleAction = 'restart' | 'rebuild' | 'retry' | 'skip';

export const ACTIONS: readonly ConsoleAction[] = ['restart', 'rebuild', 'retry', 'skip'];

/** Rebuilds started from the console, with their latest progress (shown until the process ends). */
export type RebuildBoard = Map<string, ConsoleRebuildProgress | { failed: string }>;

export function actionAbilities(settings: ConsoleSettings): Record<ConsoleAction, boolean> {
  const subscribers = settings.app?.subscribers;
  return {
    restart: typeof subscribers?.restart === 'function',
    retry: typeof subscribers?.retryDeadLetter === 'function',
    skip: typeof subscribers?.skipDeadLetter === 'function',
    rebuild: typeof settings.app?.projections?.rebuild === 'function',
  };
}

function field(body: unknown, name: string): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  if (typeof value !== 'string' || value === '') throw new ConsoleRequestError(400, `The action needs '${name}'.`);
  return value;
}

const UNSUPPORTED: Record<ConsoleAction, string> = {
  restart: 'This console has no app to restart subscribers in: mount it in the app (`app.register(factumConsole, { app })`).',
  rebuild: 'This console has no app to rebuild projections in: mount it in the app (`app.register(factumConsole, { app })`).',
  retry: 'The app has no app.subscribers.retryDeadLetter: upgrade @factum/core to a version with dead-letter retry, or mount the console in the app.',
  skip: 'The app has no app.subscribers.skipDeadLetter: upgrade @factum/core to a version with dead-letter skip, or mount the console in the app.',
};

/** Runs one action (already authorised); returns what to tell the user. A rebuild runs on in the background. */
export async function runAction(settings: ConsoleSettings, rebuilds: RebuildBoard, action: ConsoleAction, body: unknown): Promise<string> {
  if (!actionAbilities(settings)[action]) throw new ConsoleActionUnsupportedError(UNSUPPORTED[action]);
  const app = settings.app!;
  const subscriber = field(body, 'subscriber');
  switch (action) {
    case 'restart':
      app.subscribers.restart!(subscriber);
      return `Restarted ${subscriber}.`;
    case 'retry': {
      const eventId = field(body, 'eventId');
      await app.subscribers.retryDeadLetter!(subscriber, eventId);
      return `Retried event ${eventId} in ${subscriber}.`;
    }
    case 'skip': {
      const eventId = field(body, 'eventId');
      await app.subscribers.skipDeadLetter!(subscriber, eventId);
      return `Skipped event ${eventId} in ${subscriber}.`;
    }
    case 'rebuild': {
      const statuses = await app.subscribers.status();
      const partition = statuses.find((status) => status.name === subscriber)?.partition;
      if (partition) {
        throw new ConsoleRequestError(
          400,
          `'${subscriber}' is partition ${partition.index} of '${partition.subscriber}', whose partitions share one read model: rebuild '${partition.subscriber}', which rebuilds them all.`,
        );
      }
      // A partitioned projector is rebuilt by its own name, which no status carries: its partitions' do.
      const known = statuses.find((status) => status.name === subscriber || status.partition?.subscriber === subscriber);
      if (!known || known.kind !== 'projector') throw new ConsoleRequestError(404, `No projector named '${subscriber}'.`);
      rebuilds.set(subscriber, { done: 0, total: null, eventsPerSecond: 0, etaMs: null, finished: false });
      app.projections!.rebuild(subscriber, { onProgress: (progress) => rebuilds.set(subscriber, progress) }).then(
        () => {
          const last = rebuilds.get(subscriber);
          if (last && !('failed' in last)) rebuilds.set(subscriber, { ...last, finished: true });
        },
        (error: unknown) => rebuilds.set(subscriber, { failed: error instanceof Error ? error.message : String(error) }),
      );
      return `Rebuilding ${subscriber}: progress shows below.`;
    }
  }
}
