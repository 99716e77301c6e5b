import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

// The demo as a user runs it, in a child process on its own PGlite folder: with `--trace` it
// prints its spans and metrics to the console, and with OTEL_EXPORTER_OTLP_ENDPOINT it sends them
// over OTLP (JSON over HTTP) to that endpoint, here a collector this test stands in for.

interface PrintedSpan {
  name: string;
  traceId: string;
  id: string;
  parentId: string | null;
  text: string;
}

/** The spans ConsoleSpanExporter printed: one object per span, from a `{` line to a `}` line. */
function printedSpans(stdout: string): PrintedSpan[] {
  const spans: PrintedSpan[] = [];
  for (const block of stdout.split(/^\{$/m).slice(1)) {
    const text = block.slice(0, block.search(/^\}$/m));
    const name = /^ {2}name: '([^']+)'/m.exec(text)?.[1];
    const traceId = /^ {2}traceId: '([0-9a-f]{32})'/m.exec(text)?.[1];
    const id = /^ {2}id: '([0-9a-f]{16})'/m.exec(text)?.[1];
    if (name === undefined || traceId === undefined || id === undefined) continue;
    const parentId = /^ {2}parentSpanContext: \{[^}]*spanId: '([0-9a-f]{16})'/m.exec(text)?.[1] ?? null;
    spans.push({ name, traceId, id, parentId, text });
  }
  return spans;
}

interface OtlpExport {
  path: string;
  body: Record<string, unknown>;
}

let demo: { code: number | null; stdout: string; stderr: string };
const received: OtlpExport[] = [];
let collector: Server;
const folder = mkdtempSync(path.join(tmpdir(), 'factum-bank-demo-'));

beforeAll(async () => {
  collector = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ path: request.url ?? '', body: JSON.parse(body) as Record<string, unknown> });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;

  const register = path.join(__dirname, '../../../packages/postgres/test/support/register-sources.js');
  const script = path.join(__dirname, '../src/demo.ts');
  const env: NodeJS.ProcessEnv = { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint };
  delete env.DATABASE_URL; // its own PGlite in `folder`, not the shared server
  const child = spawn(process.execPath, ['-r', register, script, '--trace'], { cwd: folder, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  demo = { code, stdout, stderr };
}, 240_000);

afterAll(async () => {
  await new Promise((resolve) => collector.close(resolve));
  rmSync(folder, { recursive: true, force: true });
});

describe('the demo with --trace and OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('runs to the end', () => {
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('The rebuilt balances are the same, to the cent.');
  });

  it('prints the spans of a transfer, one trace from its request to the process manager and the read models', () => {
    const spans = printedSpans(demo.stdout);
    const request = spans.find((span) => span.name === 'dispatch RequestTransfer' && /'factum.stream.id': 'transfer-t-[a-z0-9]+-ok'/.test(span.text))!;
    expect(request).toBeDefined();
    const trace = spans.filter((span) => span.traceId === request.traceId);
    const byId = new Map(trace.map((span) => [span.id, span]));
    // Every span of the transfer but the request has its parent in the same trace: nothing is cut off.
    for (const span of trace) if (span !== request) expect(byId.has(span.parentId!)).toBe(true);

    const append = trace.find((span) => span.name === 'append' && span.parentId === request.id)!;
    const handling = trace.find((span) => span.name === 'process transfers' && span.parentId === append.id)!;
    expect(handling.text).toContain("'factum.event.type': 'TransferRequested'");
    const withdraw = trace.find((span) => span.name === 'dispatch Withdraw' && span.parentId === handling.id);
    expect(withdraw).toBeDefined();
    expect(new Set(trace.map((span) => span.name))).toEqual(
      new Set([
        'dispatch RequestTransfer',
        'append',
        'process transfers',
        'dispatch Withdraw',
        'dispatch Deposit',
        'dispatch CompleteTransfer',
        'process bank-transfers',
        'process bank-balances',
        'process bank-statements',
      ]),
    );
  });

  it('prints the metrics, commands and subscriber lag among them', () => {
    for (const name of [
      'factum.commands',
      'factum.command.duration',
      'factum.subscriber.process.duration',
      'factum.subscriber.lag.events',
      'factum.subscriber.lag.age',
    ])
      expect(demo.stdout).toContain(`name: '${name}'`);
  });

  it('sends the same spans and metrics over OTLP to the endpoint', () => {
    const spanNames = received
      .filter((post) => post.path === '/v1/traces')
      .flatMap((post) => (post.body.resourceSpans as Array<{ scopeSpans: Array<{ spans: Array<{ name: string }> }> }>) ?? [])
      .flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans.map((span) => span.name)));
    expect(spanNames).toEqual(expect.arrayContaining(['dispatch RequestTransfer', 'append', 'process transfers']));
    expect(spanNames.filter((name) => name === 'dispatch RequestTransfer')).toHaveLength(
      printedSpans(demo.stdout).filter((span) => span.name === 'dispatch RequestTransfer').length,
    );

    const metricNames = received
      .filter((post) => post.path === '/v1/metrics')
      .flatMap((post) => (post.body.resourceMetrics as Array<{ scopeMetrics: Array<{ metrics: Array<{ name: string }> }> }>) ?? [])
      .flatMap((resource) => resource.scopeMetrics.flatMap((scope) => scope.metrics.map((metric) => metric.name)));
    expect(metricNames).toEqual(
      expect.arrayContaining(['factum.commands', 'factum.append.duration', 'factum.subscriber.receive.delay', 'factum.subscriber.lag.events']),
    );
  });
});
