import { streamCategory } from '@factum/event-store';
import type { ConsoleSettings } from '../console-options';
import type { AggregateState } from '../pages/stream-page';

/** The aggregate's own fields, as JSON would show them (class instances have no other public shape). */
function fieldsOf(aggregate: object): unknown {
  return JSON.parse(JSON.stringify(aggregate, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))) as unknown;
}

/** `app.load(Aggregate, id, { version })` for a stream whose category has a known aggregate class. */
export async function aggregateStateOf(settings: ConsoleSettings, streamId: string, version: number): Promise<AggregateState> {
  const category = streamCategory(streamId);
  const aggregate = settings.aggregates.get(category);
  if (!settings.app?.load || !aggregate) {
    return {
      kind: 'unavailable',
      reason: settings.app
        ? `No aggregate class is known for category '${category}' (pass it in the console's \`aggregates\` option).`
        : 'The aggregate state is shown when the console is mounted in the app (with its `aggregates` option).',
    };
  }
  if (version === 0) return { kind: 'unavailable', reason: 'The stream has no events.' };
  const id = streamId.slice(category.length + 1);
  const loaded = await settings.app.load(aggregate as never, id, { version });
  return loaded === null ? { kind: 'unavailable', reason: `No state as of version ${version}.` } : { kind: 'state', version, state: fieldsOf(loaded) };
}
