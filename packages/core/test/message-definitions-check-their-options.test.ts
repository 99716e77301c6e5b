import { ConfigurationError, defineCommand, defineEvent, InvalidEventError } from '@factum/core';
import { MessageRegistry } from '../src/messages/message-registry';
import { z } from 'zod';
import * as zm from 'zod/mini';

describe('defineCommand and defineEvent', () => {
  it('make plain { type, data } messages (events with their schema version) and keep type and schema on the definition', () => {
    const schema = z.object({ id: z.string() });
    const Ping = defineCommand('Ping', schema);
    const Pinged = defineEvent('Pinged', schema, { version: 2, upcast: { 1: (v1: { id: string }) => v1 } });
    expect(Ping({ id: 'x' })).toEqual({ type: 'Ping', data: { id: 'x' } });
    expect(Pinged({ id: 'y' })).toEqual({ type: 'Pinged', data: { id: 'y' }, schemaVersion: 2 });
    expect([Ping.type, Ping.kind, Ping.schema]).toEqual(['Ping', 'command', schema]);
    expect([Pinged.type, Pinged.kind, Pinged.version, [...Pinged.upcasters.keys()]]).toEqual(['Pinged', 'event', 2, [1]]);
  });

  it('accept zod mini schemas too', () => {
    const Mini = defineEvent('Mini', zm.object({ n: zm.number() }));
    const registry = new MessageRegistry();
    registry.registerEvent(Mini);
    const stored = { type: 'Mini', data: { n: 'not a number' }, eventId: 'e', schemaVersion: 1, streamId: 's', version: 1 } as const;
    expect(() => registry.decode({ ...stored, position: '1' as never, occurredAt: new Date(), causationId: null, correlationId: null, metadata: {} })).toThrow(
      InvalidEventError,
    );
  });

  it('refuse bad names, schemas, versions and upcaster keys', () => {
    expect(() => defineCommand('', z.object({}))).toThrow(ConfigurationError);
    expect(() => defineCommand(' Padded', z.object({}))).toThrow(/surrounding whitespace/);
    expect(() => defineEvent('NoSchema', {} as never)).toThrow(/needs a zod schema/);
    expect(() => defineEvent('V0', z.object({}), { version: 0 })).toThrow(/version 0/);
    expect(() => defineEvent('Key', z.object({}), { version: 2, upcast: { 2: (x: unknown) => x } })).toThrow(/keyed '2'/);
  });
});
