import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { createApp } from '@factum/core';
import { createPostgresStores, type PostgresStores } from '@factum/postgres';
import type { RecordedEvent } from '@factum/event-store';
import { eventually } from './support/subscriber-fixtures';
import { registerTracing } from './support/telemetry-sdk';
import { Account, OpenAccount, RequestTransfer, Transfer } from './support/transfer-domain';

// Process A (this one) dispatches the transfer; process B, a real child process on the same
// Postgres, runs the process manager. Each exports its own spans (A in memory, B as JSON lines on
// stdout); only the trace context stored in the events joins them into one trace.

const url = process.env.DATABASE_URL;
if (process.env.CI === 'true' && !url) throw new Error('DATABASE_URL must be set in CI: this test needs a server two processes share.');

interface ExportedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  attributes: Record<string, unknown>;
}

const sdk = registerTracing();
afterAll(() => sdk.unregister());

(url ? describe : describe.skip)('one trace across processes (Postgres)', () => {
  const schema = `trace_${randomBytes(4).toString('hex')}`;
  let pg: PostgresStores;

  beforeAll(async () => {
    pg = createPostgresStores(url!, { schema });
    await pg.migrate();
  });
  afterAll(async () => {
    await pg.client.query(`drop schema if exists "${schema}" cascade`);
    await pg.close();
  });

  it('runs from a dispatch in A through the process manager in B to the events its commands appended', async () => {
    const script = path.join(__dirname, 'support/scripts/process-manager-exporting-spans.ts');
    const register = path.join(__dirname, '../../postgres/test/support/register-sources.js');
    const child = spawn(process.execPath, ['-r', register, script], { env: { ...process.env, SCHEMA: schema }, stdio: ['ignore', 'pipe', 'pipe'] });
    const childSpans: ExportedSpan[] = [];
    let ready = false;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const message = JSON.parse(line) as { span?: ExportedSpan; ready?: boolean };
      if (message.span) childSpans.push(message.span);
      if (message.ready) ready = true;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

    try {
      await eventually(() => ready || child.exitCode !== null, 'process B ready', 60_000);
      expect(stderr).toBe('');
      expect(ready).toBe(true);

      const app = await createApp({ store: pg.events, aggregates: [Account, Transfer] });
      await app.dispatch(OpenAccount({ accountId: 'a', balance: 100 }));
      await app.dispatch(OpenAccount({ accountId: 'b', balance: 0 }));
      const requested = await app.dispatch(RequestTransfer({ transferId: 't1', from: 'a', to: 'b', amount: 30 }));
      await eventually(
        () => childSpans.some((span) => span.name === 'process transfers' && span.attributes['factum.event.type'] === 'TransferCompleted'),
        `process B handled the end of the transfer; stderr: ${stderr}`,
        30_000,
      );
      await app.stop();

      // A: the dispatch and its append; the stored event carries the append's context.
      const dispatch = sdk.spans().find((span) => span.name === 'dispatch RequestTransfer')!;
      const traceId = dispatch.spanContext().traceId;
      const append = sdk.spans().find((span) => span.name === 'append' && span.parentSpanContext?.spanId === dispatch.spanContext().spanId)!;
      const events: RecordedEvent[] = [];
      for await (const event of pg.events.readAll({ filter: { types: ['TransferRequested', 'TransferDebited', 'TransferCredited', 'TransferCompleted'] } }))
        events.push(event);
      const [transferRequested] = events;
      expect(transferRequested!.streamId).toBe(requested.streamId);
      expect(transferRequested!.metadata['traceparent']).toBe(`00-${traceId}-${append.spanContext().spanId}-01`);

      // B: its handling of the event is a child of A's append...
      const inTrace = childSpans.filter((span) => span.traceId === traceId);
      const handling = inTrace.find((span) => span.name === 'process transfers' && span.attributes['factum.event.type'] === 'TransferRequested')!;
      expect(handling).toBeDefined();
      expect(handling.parentSpanId).toBe(append.spanContext().spanId);
      expect(handling.attributes).toMatchObject({ 'factum.subscriber.kind': 'process-manager', 'messaging.message.id': transferRequested!.eventId });

      // ...the command it dispatched there is a child of the handling, its append a child of that...
      const withdraw = inTrace.find((span) => span.name === 'dispatch WithdrawForTransfer')!;
      expect(withdraw.parentSpanId).toBe(handling.spanId);
      const withdrawAppend = inTrace.find((span) => span.name === 'append' && span.parentSpanId === withdraw.spanId)!;
      expect(withdrawAppend).toBeDefined();

      // ...and the events those commands appended carry the trace, each from the append (in B) that stored it.
      const debited = events.find((event) => event.type === 'TransferDebited')!;
      expect(debited.metadata['traceparent']).toBe(`00-${traceId}-${withdrawAppend.spanId}-01`);
      const appendsInB = new Set(inTrace.filter((span) => span.name === 'append').map((span) => span.spanId));
      for (const event of events.slice(1)) {
        const [, eventTrace, parent] = String(event.metadata['traceparent']).split('-');
        expect({ type: event.type, trace: eventTrace, fromAnAppendInB: appendsInB.has(parent!) }).toEqual({
          type: event.type,
          trace: traceId,
          fromAnAppendInB: true,
        });
      }
      expect(inTrace.map((span) => span.name)).toEqual(
        expect.arrayContaining(['dispatch WithdrawForTransfer', 'dispatch DepositForTransfer', 'dispatch CompleteTransfer']),
      );
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 120_000);
});
