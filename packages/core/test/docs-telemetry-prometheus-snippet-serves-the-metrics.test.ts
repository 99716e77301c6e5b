import { createServer } from 'node:net';
import { InMemoryEventStore } from '@factum/event-store';
import { createApp } from '@factum/core';
import { servePrometheusMetrics } from '../../../docs/snippets/telemetry-prometheus';
import { Account, OpenAccount, RequestTransfer, Transfer, TransferProcess } from './support/transfer-domain';
import { eventually } from './support/subscriber-fixtures';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

it('the Prometheus snippet of docs/telemetry.md serves the command, subscriber and lag metrics', async () => {
  const port = await freePort();
  const stop = servePrometheusMetrics(port);
  const app = await createApp({ store: new InMemoryEventStore(), aggregates: [Account, Transfer], processManagers: [TransferProcess] });
  try {
    await app.start();
    await app.dispatch(OpenAccount({ accountId: 'a', balance: 10 }));
    await app.dispatch(OpenAccount({ accountId: 'b', balance: 0 }));
    await app.dispatch(RequestTransfer({ transferId: 't', from: 'a', to: 'b', amount: 5 }));
    let scraped = '';
    await eventually(
      async () => {
        // The exporter starts its server in the background: a refused connection is tried again.
        scraped = await fetch(`http://127.0.0.1:${port}/metrics`).then(
          (response) => response.text(),
          () => '',
        );
        return scraped.includes('factum_commands_total{factum_command_type="CompleteTransfer"');
      },
      'the transfer completed and scraped',
      10_000,
    );
    // Names as Prometheus shows them (dots become underscores, counters end in _total), each with its labels.
    const pm = 'factum_subscriber_name="transfers",factum_subscriber_kind="process-manager"';
    for (const line of [
      /^factum_commands_total\{factum_command_type="OpenAccount",factum_outcome="ok",[^}]*\} 2$/m,
      /^factum_command_duration_count\{factum_command_type="RequestTransfer",factum_outcome="ok",[^}]*\} 1$/m,
      /^factum_append_duration_count\{factum_outcome="ok",[^}]*\} 6$/m,
      /^factum_append_events_total\{[^}]*\} 6$/m,
      new RegExp(`^factum_subscriber_receive_delay_count\\{${pm},factum_event_type="TransferRequested",[^}]*\\} 1$`, 'm'),
      new RegExp(`^factum_subscriber_process_duration_count\\{${pm},factum_event_type="TransferRequested",factum_outcome="ok",[^}]*\\} 1$`, 'm'),
      new RegExp(`^factum_subscriber_lag_events\\{${pm},[^}]*\\} 0$`, 'm'),
      new RegExp(`^factum_subscriber_lag_age\\{${pm},[^}]*\\} 0$`, 'm'),
    ])
      expect(scraped).toMatch(line);
  } finally {
    await app.stop();
    await stop();
  }
});
