import {
  checkExpectedVersion,
  checkFilter,
  checkLimit,
  expectedVersionHolds,
  validateAppend,
  type AppendOptions,
  type ExpectedVersion,
} from '@factum/event-store';

const errorOf = (action: () => unknown): Record<string, unknown> => {
  try {
    action();
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('no error was thrown');
};

describe('validateAppend', () => {
  it('fills in the defaults: a UUID event id, schema version 1, null causation and correlation, empty metadata', () => {
    const { streamId, events, expectedVersion } = validateAppend('account-1', [{ type: 'Opened', data: { owner: 'Ada' } }], undefined);
    expect(streamId).toBe('account-1');
    expect(expectedVersion).toBe('any');
    expect(events).toEqual([
      {
        type: 'Opened',
        data: { owner: 'Ada' },
        eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        schemaVersion: 1,
        causationId: null,
        correlationId: null,
        metadata: {},
      },
    ]);
  });

  it('keeps what was given and freezes data and metadata', () => {
    const data = { amount: 5 };
    const [event] = validateAppend(
      's-1',
      [{ type: 'T', data, eventId: 'e-1', schemaVersion: 2, causationId: 'c', correlationId: 'k', metadata: { commandId: 'cmd' } }],
      { expectedVersion: 3 },
    ).events;
    expect(event).toEqual({
      type: 'T',
      data: { amount: 5 },
      eventId: 'e-1',
      schemaVersion: 2,
      causationId: 'c',
      correlationId: 'k',
      metadata: { commandId: 'cmd' },
    });
    expect(event!.data).not.toBe(data);
    expect(Object.isFrozen(event!.data)).toBe(true);
    expect(Object.isFrozen(event!.metadata)).toBe(true);
  });

  it('only a missing expectedVersion means any: null and other junk are refused', () => {
    expect(validateAppend('s-1', [{ type: 'T', data: 1 }], {}).expectedVersion).toBe('any');
    for (const expectedVersion of [null, -1, 0.5, 'latest', Number.NaN]) {
      const error = errorOf(() => validateAppend('s-1', [{ type: 'T', data: 1 }], { expectedVersion } as unknown as AppendOptions));
      expect(error).toMatchObject({ code: 'INVALID_INPUT', argument: 'expectedVersion' });
    }
  });

  it('names the event and field that is wrong', () => {
    const events = [
      { type: 'A', data: 1 },
      { type: 'B', data: { nested: [new Date()] } },
    ];
    expect(errorOf(() => validateAppend('s-1', events, undefined))).toMatchObject({ code: 'INVALID_INPUT', argument: 'events[1].data.nested[0]' });
    expect(errorOf(() => validateAppend('s-1', [{ type: 'A', data: 1, schemaVersion: null }] as never, undefined))).toMatchObject({
      argument: 'events[0].schemaVersion',
    });
    expect(
      errorOf(() =>
        validateAppend(
          's-1',
          [
            { type: 'A', data: 1, eventId: 'x' },
            { type: 'B', data: 2, eventId: 'x' },
          ],
          undefined,
        ),
      ),
    ).toMatchObject({
      argument: 'events[1].eventId',
    });
    expect(errorOf(() => validateAppend(' s-1', [{ type: 'A', data: 1 }], undefined))).toMatchObject({ argument: 'streamId' });
    expect(errorOf(() => validateAppend('s-1', [], undefined))).toMatchObject({ argument: 'events' });
  });
});

describe('expected versions', () => {
  it.each<[ExpectedVersion, number, boolean]>([
    ['any', 0, true],
    ['any', 5, true],
    ['no-stream', 0, true],
    ['no-stream', 1, false],
    ['exists', 0, false],
    ['exists', 1, true],
    [0, 0, true],
    [0, 1, false],
    [3, 3, true],
    [3, 2, false],
    [3, 4, false],
  ])('%p holds for a stream at %p: %p', (expected, actual, holds) => {
    expect(checkExpectedVersion(expected)).toBe(expected);
    expect(expectedVersionHolds(expected, actual)).toBe(holds);
  });
});

describe('checkLimit and checkFilter', () => {
  it('accept whole numbers ≥ 0 and well-formed filters', () => {
    expect(checkLimit(undefined)).toBeUndefined();
    expect(checkLimit(0)).toBe(0);
    expect(checkFilter(undefined)).toBeUndefined();
    expect(checkFilter({ types: ['A'], categories: ['account'] })).toEqual({ types: ['A'], categories: ['account'] });
    expect(checkFilter({})).toEqual({ types: undefined, categories: undefined });
  });

  it('refuse what would silently read the wrong events', () => {
    expect(errorOf(() => checkLimit(-1))).toMatchObject({ argument: 'limit' });
    expect(errorOf(() => checkFilter('A'))).toMatchObject({ argument: 'filter' });
    expect(errorOf(() => checkFilter({ types: 'Deposited' }))).toMatchObject({ argument: 'filter.types' });
    expect(errorOf(() => checkFilter({ categories: ['ok', 7] }))).toMatchObject({ argument: 'filter.categories[1]' });
  });
});
