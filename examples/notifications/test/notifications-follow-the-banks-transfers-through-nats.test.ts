// The bank publishes transfer outcomes to JetStream; the notifications service, on its own store,
// turns each into one notice. Both run here against the NATS server, with names of their own.
import { InMemoryEventStore, type RecordedEvent } from '@factum/event-store';
import { jetstream, jetstreamManager, DeliverPolicy } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { DEAD_LETTER_HEADERS } from '@factum/nats';
import { randomBytes } from 'node:crypto';
import { Deposit, OpenAccount } from '../../bank/src/accounts/account-messages';
import { startInMemoryBank, type InMemoryBank } from '../../bank/src/bank-app';
import { RequestTransfer } from '../../bank/src/transfers/transfer-messages';
import { startNotifications, type NotificationsService } from '../src/notifications-service';

const NATS_URL = process.env.NATS_URL ?? '127.0.0.1:4222';
const suffix = randomBytes(4).toString('hex');
const names = { stream: `BANK_TRANSFERS_${suffix}`, subjectPrefix: `bank_${suffix}.transfers`, deadLetterSubject: `notifications_${suffix}.dead-letters` };

describe('notifications follow the bank through NATS', () => {
  let nats: NatsConnection;
  let bank: InMemoryBank;
  let notifications: NotificationsService;
  const store = new InMemoryEventStore();

  beforeAll(async () => {
    nats = await connect({ servers: NATS_URL });
    bank = await startInMemoryBank(undefined, { nats: { servers: NATS_URL, stream: names.stream, subjectPrefix: names.subjectPrefix } });
    notifications = await startNotifications(store, { servers: NATS_URL, ...names });
  });
  afterAll(async () => {
    await notifications?.stop();
    await bank?.close();
    const manager = await jetstreamManager(nats);
    for (const stream of [names.stream, `${names.stream}_DEAD_LETTERS`]) await manager.streams.delete(stream).catch(() => false);
    await nats.close();
  });

  async function notices(count: number): Promise<RecordedEvent[]> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const events: RecordedEvent[] = [];
      for await (const event of store.readAll()) events.push(event);
      if (events.length >= count || Date.now() > deadline) return events;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('sends one notice per transfer outcome, and dead-letters a contradicting outcome', async () => {
    await bank.app.dispatch(OpenAccount({ accountId: 'alice', owner: 'Alice' }));
    await bank.app.dispatch(OpenAccount({ accountId: 'bob', owner: 'Bob' }));
    await bank.app.dispatch(Deposit({ accountId: 'alice', amount: 1_000 }));
    await bank.app.dispatch(RequestTransfer({ transferId: 't-ok', from: 'alice', to: 'bob', amount: 300 }));
    // To an account that does not exist: the money leaves alice, comes back, the transfer fails.
    await bank.app.dispatch(RequestTransfer({ transferId: 't-no', from: 'alice', to: 'nobody', amount: 200 }));

    const sent = await notices(2);
    expect(sent.map((event) => [event.streamId, (event.data as { outcome: string }).outcome])).toEqual(
      expect.arrayContaining([
        ['notice-t-ok', 'completed'],
        ['notice-t-no', 'failed'],
      ]),
    );
    expect(sent).toHaveLength(2);
    expect((sent.find((event) => event.streamId === 'notice-t-no')!.data as { text: string }).text).toMatch(/^Your transfer t-no did not go through: /);

    // Someone publishes that t-ok failed after all: the notice was sent, the command is refused.
    const h = headers();
    h.set('Nats-Msg-Id', `forged-${suffix}`);
    await jetstream(nats).publish(`${names.subjectPrefix}.failed`, JSON.stringify({ transferId: 't-ok', reason: 'forged', refunded: false }), { headers: h });
    const dead = await jetstream(nats).consumers.get(`${names.stream}_DEAD_LETTERS`, { deliver_policy: DeliverPolicy.All });
    const deadLetter = await dead.next({ expires: 10_000 });
    expect(deadLetter?.headers?.get(DEAD_LETTER_HEADERS.errorCode)).toBe('NoticeAlreadySent');
    expect(deadLetter?.headers?.get(DEAD_LETTER_HEADERS.sourceMessageId)).toBe(`forged-${suffix}`);
    // Refused: the dead letter was published after the command appended nothing.
    expect(await notices(2)).toHaveLength(2);
  });
});
