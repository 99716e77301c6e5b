// Type-level tests: checked by `tsc -p tsconfig.check.json`; each `@ts-expect-error` must stay an error.
import { Aggregate, AggregateRoot, Apply, CommandHandler, defineCommand, defineEvent, type CommandContext, type CommandOf, type EventOf } from '@factum/core';
import { z } from 'zod';

const Deposit = defineCommand('Deposit', z.object({ accountId: z.string(), amount: z.number() }));
const Rename = defineCommand('Rename', z.object({ accountId: z.string(), owner: z.string() }));
const Deposited = defineEvent('Deposited', z.object({ amount: z.number() }));
const Renamed = defineEvent('Renamed', z.object({ owner: z.string() }));

@Aggregate({ category: 'typed' })
class Typed extends AggregateRoot {
  balance = 0;

  // The id function sees the command's data type.
  @CommandHandler(Deposit, { id: (command) => command.accountId })
  deposit(command: CommandOf<typeof Deposit>, context: CommandContext): void {
    const amount: number = command.amount;
    const id: string = context.commandId;
    void id;
    this.emit(Deposited({ amount }));
  }

  // A handler may take fewer parameters, a narrower view of the data, or be async.
  @CommandHandler(Rename, { id: (command) => command.accountId })
  async rename(command: { owner: string }): Promise<void> {
    this.emit(Renamed({ owner: command.owner }));
  }

  @Apply(Deposited)
  deposited(event: EventOf<typeof Deposited>): void {
    this.balance += event.amount;
  }

  @Apply(Renamed)
  renamed(): void {}
}

@Aggregate({ category: 'mistyped' })
class Mistyped extends AggregateRoot {
  // @ts-expect-error the handler takes Rename data, but handles Deposit
  @CommandHandler(Deposit, { id: (command) => command.accountId })
  wrongCommand(command: CommandOf<typeof Rename>): void {
    void command;
  }

  // @ts-expect-error the id function reads a field the command does not have
  @CommandHandler(Rename, { id: (command) => command.nope })
  wrongId(): void {}

  // @ts-expect-error the @Apply method takes Renamed data, but applies Deposited
  @Apply(Deposited)
  wrongEvent(event: EventOf<typeof Renamed>): void {
    void event;
  }

  // @ts-expect-error an event definition where a command definition belongs
  @CommandHandler(Deposited, { id: () => 'x' })
  notACommand(): void {}

  // @ts-expect-error a command definition where an event definition belongs
  @Apply(Deposit)
  notAnEvent(): void {}
}

class NotAnAggregate {
  // @ts-expect-error @CommandHandler only goes on AggregateRoot subclasses
  @CommandHandler(Deposit, { id: (command) => command.accountId })
  deposit(): void {}
}

// @ts-expect-error @Aggregate only goes on AggregateRoot subclasses
@Aggregate({ category: 'plain' })
class Plain {}

describe('decorators check handler parameters against the schemas', () => {
  it('compiles the well-typed aggregate (and the mistakes above are compile errors)', () => {
    expect([Typed, Mistyped, NotAnAggregate, Plain].map((type) => typeof type)).toEqual(['function', 'function', 'function', 'function']);
    expect(new Typed().balance).toBe(0);
  });
});
