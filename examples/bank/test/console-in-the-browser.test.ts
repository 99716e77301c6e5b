// The Factum Console mounted in the bank, driven in headless Chromium (Debian's `chromium`, by
// playwright-core) against real transfers on the bank's database. Each test also takes the
// screenshot that docs/console.md shows.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { CloseAccount, Deposit, OpenAccount } from '../src/accounts/account-messages';
import { createBankServer } from '../src/http/create-bank-server';
import { RequestTransfer } from '../src/transfers/transfer-messages';
import { DEPOSIT_AUDIT_TABLE, DepositAuditTable } from './deposit-audit-table';
import { databaseKind, startTestBank, type TestBank } from './test-bank';
import { watchTransferOutcomes } from './transfer-outcomes';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOTS = join(__dirname, '../../../docs/console');
const TOKEN = randomBytes(18).toString('base64url');

// Without the browser on a developer's machine, say so instead of failing obscurely; in CI
// (.ci/run installs it) a missing browser fails the run.
const describeWithChromium = existsSync(CHROMIUM) || process.env.CI ? describe : describe.skip;
if (!existsSync(CHROMIUM) && !process.env.CI) console.warn(`console browser tests skipped: no ${CHROMIUM} (apt-get install chromium)`);

describeWithChromium(`the console in the bank, in Chromium, on ${databaseKind}`, () => {
  let bank: TestBank;
  let server: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base: string;
  const elsewhere: string[] = [];

  beforeAll(async () => {
    bank = await startTestBank({ projectors: [DepositAuditTable] });
    server = createBankServer({ app: bank.app, db: bank.db, console: { allowActions: true, token: TOKEN } });
    const address = await server.listen({ host: '127.0.0.1', port: 0 });
    base = `${address}/factum`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    // Nothing may come from anywhere but the console itself (checked after the last test).
    await page.route('**/*', (route) => {
      if (route.request().url().startsWith(address)) return route.continue();
      elsewhere.push(route.request().url());
      return route.abort();
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
    await bank.app.dispatch(OpenAccount({ accountId: 'alice', owner: 'Alice' }));
    await bank.app.dispatch(OpenAccount({ accountId: 'bob', owner: 'Bob' }));
    await bank.app.dispatch(Deposit({ accountId: 'alice', amount: 1_000 }));
    const outcomes = watchTransferOutcomes(bank.app);
    await bank.app.dispatch(RequestTransfer({ transferId: 't1', from: 'alice', to: 'bob', amount: 250 }));
    await outcomes.of('t1', 20_000);
    outcomes.stop();
  }, 120_000);

  afterAll(async () => {
    expect(elsewhere).toEqual([]);
    await browser?.close();
    await server?.close();
    await bank?.dispose();
  });

  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });

  it('the log shows new events live, newest first', async () => {
    await page.goto(`${base}/`);
    await page.locator('#live-state', { hasText: 'live' }).waitFor({ timeout: 15_000 });
    const rowsBefore = await page.locator('#log tbody tr').count();
    const deposit = await bank.app.dispatch(Deposit({ accountId: 'bob', amount: 42 }));
    const row = page.locator(`#log tbody tr[data-event-id="${deposit.events[0]!.eventId}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await page.locator('#log tbody tr').first().getAttribute('data-event-id')).toBe(deposit.events[0]!.eventId);
    expect(await row.innerText()).toContain('MoneyDeposited');
    expect(await page.locator('#log tbody tr').count()).toBe(rowsBefore + 1);
    await shot('log');
  });

  it("a stream page shows the account's events and its state as of a version", async () => {
    await page.goto(`${base}/streams/account-alice?version=2`);
    const types = await page.locator('#stream-events tbody tr td:nth-child(4)').allInnerTexts();
    expect(types.slice(0, 3)).toEqual(['AccountOpened', 'MoneyDeposited', 'MoneyWithdrawn']);
    // As of version 2 (opened, then 1,000 deposited): the aggregate's balance then.
    expect(await page.locator('main pre.json').first().innerText()).toMatch(/"balance": 1000\b/);
    await shot('stream');
  });

  it('the trace of a refunded transfer shows the request, the withdrawal, the refused deposit and the refund in causal order, with timings', async () => {
    await bank.app.dispatch(OpenAccount({ accountId: 'carol', owner: 'Carol' }));
    await bank.app.dispatch(CloseAccount({ accountId: 'carol' }));
    const outcomes = watchTransferOutcomes(bank.app);
    const request = await bank.app.dispatch(RequestTransfer({ transferId: 't-refund', from: 'alice', to: 'carol', amount: 100 }));
    expect(await outcomes.of('t-refund', 20_000)).toMatchObject({ type: 'TransferFailed', refunded: true });
    outcomes.stop();
    await page.goto(`${base}/trace?correlation=${encodeURIComponent(request.events[0]!.correlationId!)}`);
    const steps = await page
      .locator('#trace-tree li[data-event-type], #trace-tree [data-refused]')
      .evaluateAll((nodes) =>
        nodes.map((node) => (node.getAttribute('data-refused') ? `refused ${node.getAttribute('data-refused')}` : node.getAttribute('data-event-type'))),
      );
    expect(steps).toEqual(['TransferRequested', 'MoneyWithdrawn', 'refused Deposit', 'MoneyDeposited', 'TransferFailed']);
    const tree = await page.locator('#trace-tree').innerText();
    expect(tree).toContain('command RequestTransfer');
    expect(tree).toMatch(/transfers → command Withdraw/);
    expect(tree).toMatch(/command Deposit refused: AccountClosed/);
    expect(tree).toMatch(/transfers → command RefundTransfer/);
    // Timings: each step since the first event, and each hop split into receive, process and append.
    expect(tree).toMatch(/emit \+\d+ ms · \d+ ms after its cause = receive -?\d+ ms \+ process -?\d+ ms \+ append -?\d+ ms/);
    await shot('trace');
    // The refund's event page links to its stream, its cause and its effects.
    await page.locator('#trace-tree li[data-event-type="MoneyWithdrawn"] > .node a').first().click();
    await page.locator('#cause-link').waitFor();
    expect(await page.locator('#cause-link').innerText()).toBe('TransferRequested');
    expect(await page.locator('#effects').innerText()).toContain('MoneyDeposited');
    expect(await page.locator('#stream-link').innerText()).toBe('account-alice');
    await shot('event');
  });

  it('an event whose data holds <script> renders it as text', async () => {
    const opened = await bank.app.dispatch(OpenAccount({ accountId: 'mallory', owner: '<script>window.owned=1</script>' }));
    await page.goto(`${base}/events/${opened.events[0]!.eventId}`);
    expect(await page.locator('main').innerText()).toContain('<script>window.owned=1</script>');
    expect(await page.evaluate(() => (globalThis as { owned?: number }).owned)).toBeUndefined();
    await page.goto(`${base}/?stream=account-mallory`);
    expect(await page.locator('#log').innerText()).toContain('<script>window.owned=1</script>');
    expect(await page.evaluate(() => (globalThis as { owned?: number }).owned)).toBeUndefined();
  });

  describe('a projector with dead letters', () => {
    const deposits: string[] = [];

    beforeAll(async () => {
      // The deposit audit cannot book erin's deposits (its `skip` policy makes each a dead letter) until the fix below.
      DepositAuditTable.broken.add('erin');
      await bank.app.dispatch(OpenAccount({ accountId: 'erin', owner: 'Erin' }));
      for (const amount of [70, 30]) deposits.push((await bank.app.dispatch(Deposit({ accountId: 'erin', amount }))).events[0]!.eventId);
      for (const deadline = Date.now() + 60_000; (await bank.app.subscribers.deadLetters('deposit-audit')).length < 2;) {
        if (Date.now() > deadline) throw new Error(`no dead letters: ${JSON.stringify(await bank.app.subscribers.status())}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }, 90_000);

    afterAll(() => DepositAuditTable.broken.clear());

    const booked = async (eventId: string): Promise<number> => {
      const { rows } = await bank.db.query<{ n: string }>(`select count(*)::text as n from ${DEPOSIT_AUDIT_TABLE} where event_id = $1`, [eventId]);
      return Number(rows[0]!.n);
    };
    const letters = async (): Promise<string[]> => (await bank.app.subscribers.deadLetters('deposit-audit')).map((letter) => letter.eventId);
    const letterRow = (eventId: string) => page.locator(`#subscribers tr[data-subscriber="deposit-audit"] + tr.dead-letters tr[data-dead-letter="${eventId}"]`);

    it('the subscribers page shows the error and the dead letters; a retry without the token is refused and changes nothing', async () => {
      await page.goto(`${base}/subscribers`);
      const [first, second] = deposits as [string, string];
      expect(await letterRow(first).innerText()).toContain('cannot audit deposits into erin');
      expect(await letterRow(second).innerText()).toContain('MoneyDeposited');
      expect(await page.locator('#subscribers tr[data-subscriber="deposit-audit"] .last-error').innerText()).toContain('cannot audit deposits into erin');
      // Each subscriber's receive and process time percentiles, from the process running it.
      expect(await page.locator('#subscribers tr[data-subscriber="bank-balances"] .timings').innerText()).toMatch(
        /receive [\d.]+ · [\d.]+ · [\d.]+ ms\s+process [\d.]+ · [\d.]+ · [\d.]+ ms/,
      );
      await letterRow(first).scrollIntoViewIfNeeded();
      await shot('dead-letters');
      await letterRow(first).locator('form[data-action="retry"] button').click();
      await page.locator('#notice').waitFor();
      expect(await page.locator('#notice').innerText()).toContain('needs the console token');
      expect(await letters()).toEqual(expect.arrayContaining([first, second]));
      expect(await booked(first)).toBe(0);
    });

    it('after the fix, Retry with the token books the deposit exactly once and the dead letter is gone', async () => {
      const [first, second] = deposits as [string, string];
      DepositAuditTable.broken.delete('erin');
      await page.goto(`${base}/subscribers`);
      await page.fill('#action-token', TOKEN);
      await letterRow(first).locator('form[data-action="retry"] button').click();
      await page.locator('#notice').waitFor();
      expect(await page.locator('#notice').innerText()).toContain(`Retried event ${first} in deposit-audit`);
      expect(await booked(first)).toBe(1);
      expect(await letters()).toEqual([second]);
      expect(await letterRow(first).count()).toBe(0);
      // A second retry of the same letter is refused: it is gone, and the deposit stays booked once.
      const again = await fetch(`${base}/actions/retry`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ subscriber: 'deposit-audit', eventId: first }),
      });
      expect(again.status).toBe(404);
      expect(await booked(first)).toBe(1);
    });

    it('Skip with the token drops the dead letter without booking its deposit', async () => {
      const second = deposits[1]!;
      await page.goto(`${base}/subscribers`);
      await page.fill('#action-token', TOKEN);
      await letterRow(second).locator('form[data-action="skip"] button').click();
      await page.locator('#notice').waitFor();
      expect(await page.locator('#notice').innerText()).toContain(`Skipped event ${second} in deposit-audit`);
      expect(await letters()).toEqual([]);
      expect(await booked(second)).toBe(0);
      expect(await page.locator('#subscribers tr[data-subscriber="deposit-audit"] + tr.dead-letters').count()).toBe(0);
    });
  });

  describe('a stopped projector', () => {
    beforeAll(async () => {
      // The balances table refuses dave's balance above 500: the projector fails on that deposit and stops.
      await bank.db.query(`alter table bank.balances add constraint console_test_cap check (account_id <> 'dave' or balance <= 500)`);
      await bank.app.dispatch(OpenAccount({ accountId: 'dave', owner: 'Dave' }));
      await bank.app.dispatch(Deposit({ accountId: 'dave', amount: 600 }));
      for (const deadline = Date.now() + 60_000; ;) {
        const status = (await bank.app.subscribers.status()).find((subscriber) => subscriber.name === 'bank-balances');
        if (status?.state === 'stopped') break;
        if (Date.now() > deadline) throw new Error(`bank-balances did not stop: ${JSON.stringify(status)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }, 90_000);

    const daveBalance = async (): Promise<number | null> => {
      const { rows } = await bank.db.query<{ balance: string }>(`select balance::text as balance from bank.balances where account_id = 'dave'`);
      return rows[0] ? Number(rows[0].balance) : null;
    };

    it("the subscribers page shows the stopped projector's error, and refuses to act without the token", async () => {
      await page.goto(`${base}/subscribers`);
      const row = page.locator('#subscribers tr[data-subscriber="bank-balances"]');
      expect(await row.locator('.pill').innerText()).toBe('stopped');
      expect(await row.locator('.last-error').innerText()).toContain('console_test_cap');
      await shot('subscribers');
      // No token typed: the restart is refused and nothing changes.
      await row.locator('form[data-action="restart"] button').click();
      await page.locator('#notice').waitFor();
      expect(await page.locator('#notice').innerText()).toContain('needs the console token');
      expect((await bank.app.subscribers.status()).find((subscriber) => subscriber.name === 'bank-balances')?.state).toBe('stopped');
    });

    it('a retry of a dead letter the stopped projector does not have is refused and changes nothing', async () => {
      // The `stop` policy keeps the failing event where it is (restart it below); only `skip` makes dead letters.
      let deposit: string | undefined;
      for await (const event of bank.app.store.readStream('account-dave')) if (event.type === 'MoneyDeposited') deposit = event.eventId;
      const response = await fetch(`${base}/actions/retry`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ subscriber: 'bank-balances', eventId: deposit }),
      });
      expect(response.status).toBe(404);
      expect(JSON.stringify(await response.json())).toContain('no dead letter');
      expect(await daveBalance()).not.toBe(600);
      expect((await bank.app.subscribers.status()).find((subscriber) => subscriber.name === 'bank-balances')?.state).toBe('stopped');
    });

    it('restarting it with the token lets it catch up, and the read model follows', async () => {
      await bank.db.query('alter table bank.balances drop constraint if exists console_test_cap');
      await page.goto(`${base}/subscribers`);
      await page.fill('#action-token', TOKEN);
      await page.locator('#subscribers tr[data-subscriber="bank-balances"] form[data-action="restart"] button').click();
      await page.locator('#notice').waitFor();
      expect(await page.locator('#notice').innerText()).toContain('Restarted bank-balances');
      for (const deadline = Date.now() + 30_000; (await daveBalance()) !== 600;) {
        if (Date.now() > deadline) throw new Error(`dave's balance is ${await daveBalance()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await page.locator('#subscribers tr[data-subscriber="bank-balances"] .pill', { hasText: 'live' }).waitFor({ timeout: 15_000 });
    });

    it('a rebuild started from the page shows its progress there until it is done', async () => {
      await page.goto(`${base}/subscribers`);
      await page.fill('#action-token', TOKEN);
      await page.locator('#subscribers tr[data-subscriber="bank-statements"] form[data-action="rebuild"] button').click();
      expect(await page.locator('#notice').innerText()).toContain('Rebuilding bank-statements');
      // The table refreshes itself: the progress line ends as "rebuilt: N of N".
      const progress = page.locator('#subscribers tr[data-subscriber="bank-statements"] .rebuild', { hasText: 'rebuilt' });
      await progress.waitFor({ timeout: 30_000 });
      expect(await progress.innerText()).toMatch(/rebuilt: (\d+) of \1 \(100%\)/);
    });
  });
});
