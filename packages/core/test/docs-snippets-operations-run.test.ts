// The snippet of docs/operations.md is compiled by the typecheck; here it runs.
import { deadLetterWorkflow } from '../../../docs/snippets/operations-dead-letters';

describe('the operations guide', () => {
  it('retries, skips and retries all dead letters as the guide says', async () => {
    expect(await deadLetterWorkflow()).toEqual({
      booked: [10, 20, 5_000, 9_000],
      retriedAll: true,
      left: 0,
      state: 'live',
      lag: 0,
      kinds: ['retry-dead-letters:done', 'skip-dead-letter:done', 'retry-dead-letter:done'],
    });
  });
});
