// Type-level tests: checked by `tsc -p tsconfig.check.json`; each `@ts-expect-error` must stay an error.
import { defineCommand, defineEvent, type Command, type CommandOf, type DispatchResult, type EventOf, type App } from '@factum/core';
import { z } from 'zod';
import { assertType, type Equals } from './support/type-assertions';

const OpenAccount = defineCommand(
  'OpenAccount',
  z.object({ accountId: z.string(), owner: z.string().min(1), tier: z.enum(['basic', 'gold']).default('basic') }),
);
const AccountOpened = defineEvent('AccountOpened', z.object({ accountId: z.string(), owner: z.string() }), {
  version: 2,
  upcast: { 1: (v1: { id: string; owner: string }) => ({ accountId: v1.id, owner: v1.owner }) },
});

describe('message types are inferred from the zod schemas', () => {
  it('types the handler data as the schema output and the factory input as the schema input', () => {
    const checks = [
      assertType<Equals<CommandOf<typeof OpenAccount>, { accountId: string; owner: string; tier: 'basic' | 'gold' }>>(),
      assertType<Equals<Parameters<typeof OpenAccount>[0], { accountId: string; owner: string; tier?: 'basic' | 'gold' | undefined }>>(),
      assertType<Equals<EventOf<typeof AccountOpened>, { accountId: string; owner: string }>>(),
      assertType<Equals<typeof OpenAccount.type, 'OpenAccount'>>(),
      assertType<Equals<ReturnType<typeof AccountOpened>['type'], 'AccountOpened'>>(),
    ];
    expect(checks.every(Boolean)).toBe(true);
  });

  it('refuses wrong payloads at compile time', () => {
    const made = [
      OpenAccount({ accountId: 'a1', owner: 'Ada' }),
      // @ts-expect-error accountId must be a string
      OpenAccount({ accountId: 1, owner: 'Ada' }),
      // @ts-expect-error owner is required
      OpenAccount({ accountId: 'a1' }),
      // @ts-expect-error tier is one of 'basic' | 'gold'
      OpenAccount({ accountId: 'a1', owner: 'Ada', tier: 'platinum' }),
      // @ts-expect-error events are checked the same way
      AccountOpened({ accountId: 'a1' }),
    ];
    expect(made.map((message) => message.type)).toEqual(['OpenAccount', 'OpenAccount', 'OpenAccount', 'OpenAccount', 'AccountOpened']);
  });

  it('types dispatch: it takes commands and resolves with a DispatchResult', () => {
    type Dispatch = App['dispatch'];
    const checks = [assertType<Equals<Awaited<ReturnType<Dispatch>>, DispatchResult>>(), assertType<Equals<Parameters<Dispatch>[0], Command>>()];
    // @ts-expect-error a command needs a type
    const notACommand: Parameters<Dispatch>[0] = { data: {} };
    expect([checks.every(Boolean), notACommand]).toEqual([true, { data: {} }]);
  });
});
