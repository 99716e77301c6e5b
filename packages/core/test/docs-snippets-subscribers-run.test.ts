// The snippets of docs/projections.md and docs/process-managers.md are compiled by the typecheck; here they run.
import { balancesDemo } from '../../../docs/snippets/projections-balances';
import { transferDemo } from '../../../docs/snippets/process-managers-transfer';
import { replayDemo } from '../../../docs/snippets/projections-replay';

describe('the projections and process-managers guides', () => {
  it('projects, reads its writes, rebuilds and alerts as the projections guide says', async () => {
    const result = await balancesDemo();
    expect(result.balance).toBe(20_000);
    expect(result.alerts).toBe(1);
    expect(result.rebuilt).toMatchObject({ done: 3, total: 3, etaMs: 0, finished: true });
    expect(result.states).toEqual(['balances: live', 'large-deposit-alerts: live']);
  });

  it('waits for a position and replays as of a position and a moment, as the projections guide says', async () => {
    expect(await replayDemo()).toEqual({ asOfFirstDeposit: 100, asOfNewYear: 150, now: 175 });
  });

  it('runs a transfer, and fails one that is refused, as the process-managers guide says', async () => {
    expect(await transferDemo()).toEqual({ from: 70, to: 30, failed: true });
  });
});
