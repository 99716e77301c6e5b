import type { RecordedEvent } from '@factum/event-store';
import { safeParse } from 'zod/v4/core';
import { ConfigurationError } from '../errors/configuration-error';
import { InvalidEventError } from '../errors/invalid-event-error';
import type { AnyEventDefinition, EventOf } from './message';
import { toMessageIssues } from './schema-issues';

/** A stored event whose data has been upcast to the current version and checked by its schema. */
export type DecodedEvent<Definition extends AnyEventDefinition> = RecordedEvent<Definition['type'], EventOf<Definition>>;

/**
 * Reads a stored event through its definition: runs the upcasters from the stored schema version
 * to the current one, then parses with the schema. The result carries the current schema version.
 * Throws `InvalidEventError` (naming stream, version and issue) for data no upcaster can fix.
 */
export function decodeEvent<Definition extends AnyEventDefinition>(definition: Definition, recorded: RecordedEvent): DecodedEvent<Definition> {
  const data = decodeEventData(definition, recorded) as EventOf<Definition>;
  // An explicit literal, not a spread: on the hot path of every subscriber, and several times cheaper.
  return {
    type: definition.type,
    data,
    eventId: recorded.eventId,
    schemaVersion: definition.version,
    streamId: recorded.streamId,
    version: recorded.version,
    position: recorded.position,
    occurredAt: recorded.occurredAt,
    causationId: recorded.causationId,
    correlationId: recorded.correlationId,
    metadata: recorded.metadata,
  };
}

// Built only for an error: decoding runs for every event every subscriber handles.
const locationOf = (recorded: RecordedEvent) => ({ streamId: recorded.streamId, version: recorded.version, schemaVersion: recorded.schemaVersion });

/** `decodeEvent` without the copy of the envelope: only the upcast, parsed data. */
export function decodeEventData(definition: AnyEventDefinition, recorded: RecordedEvent): unknown {
  if (recorded.type !== definition.type) {
    throw new ConfigurationError(`Event '${recorded.type}' cannot be decoded with the definition of '${definition.type}'.`);
  }
  if (recorded.schemaVersion > definition.version) {
    throw new InvalidEventError(
      recorded.type,
      [
        {
          path: [],
          code: 'newer_schema_version',
          message: `stored as schema version ${recorded.schemaVersion}, but this code knows versions up to ${definition.version}`,
        },
      ],
      locationOf(recorded),
    );
  }
  let data: unknown = recorded.data;
  for (let version = recorded.schemaVersion; version < definition.version; version++) {
    const upcaster = definition.upcasters.get(version);
    if (!upcaster) {
      throw new InvalidEventError(
        recorded.type,
        [{ path: [], code: 'missing_upcaster', message: `no upcaster from version ${version} to ${version + 1}` }],
        locationOf(recorded),
      );
    }
    data = upcaster(data);
  }
  const parsed = safeParse(definition.schema, data);
  if (!parsed.success) throw new InvalidEventError(recorded.type, toMessageIssues(parsed.error.issues), locationOf(recorded));
  return parsed.data;
}
