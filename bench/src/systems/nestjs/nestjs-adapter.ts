/**
 * @nestjs/cqrs in memory: CommandBus → command handler → EventBus → event handler, wired by
 * Nest's DI the way its docs show. It validates nothing and stores no events; it is the cost of
 * in-process dispatch that Factum's in-memory dispatch is compared with.
 */
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CommandHandler, CqrsModule, EventBus, EventsHandler, type ICommandHandler, type IEvent, type IEventHandler } from '@nestjs/cqrs';
import { now, until } from '../../harness/concurrency.js';
import { perSecond } from '../../harness/stats.js';
import { commandFor } from '../../workloads/event-shapes.js';
import type { SystemAdapter } from '../../workloads/types.js';

class Deposit {
  constructor(
    readonly accountId: string,
    readonly amount: number,
    readonly n: number,
  ) {}
}

class Deposited implements IEvent {
  constructor(
    readonly accountId: string,
    readonly amount: number,
    readonly n: number,
  ) {}
}

@Injectable()
class Balances {
  readonly byAccount = new Map<string, number>();
  handled = 0;
}

@CommandHandler(Deposit)
class DepositHandler implements ICommandHandler<Deposit> {
  constructor(
    private readonly eventBus: EventBus,
    private readonly balances: Balances,
  ) {}

  async execute(command: Deposit): Promise<void> {
    if (command.amount <= 0) throw new Error('amount must be positive');
    const balance = this.balances.byAccount.get(command.accountId) ?? 0;
    if (balance < 0) throw new Error('account overdrawn');
    this.eventBus.publish(new Deposited(command.accountId, command.amount, command.n));
  }
}

@EventsHandler(Deposited)
class DepositedHandler implements IEventHandler<Deposited> {
  constructor(private readonly balances: Balances) {}

  handle(event: Deposited): void {
    this.balances.byAccount.set(event.accountId, (this.balances.byAccount.get(event.accountId) ?? 0) + event.amount);
    this.balances.handled++;
  }
}

@Module({ imports: [CqrsModule.forRoot()], providers: [Balances, DepositHandler, DepositedHandler] })
class BenchModule {}

export const nestjsAdapter: SystemAdapter = {
  name: 'nestjs',
  workloads: {
    'dispatch-memory': {
      async measure(context) {
        const { commands, aggregates } = context.params;
        const app = await NestFactory.createApplicationContext(BenchModule, { logger: false });
        await app.init();
        try {
          const bus = app.get(CommandBus);
          const balances = app.get(Balances);
          const started = now();
          for (let i = 0; i < commands!; i++) {
            const c = commandFor(i, aggregates!);
            await bus.execute(new Deposit(c.accountId, c.amount, c.n));
          }
          await until(() => balances.handled >= commands!, 10_000, 'every event to be handled', 0);
          const elapsed = now() - started;
          return { value: perSecond(commands!, elapsed), handled: balances.handled };
        } finally {
          await app.close();
        }
      },
    },
  },
};
