// The app built step by step in docs/getting-started.md runs as the guide says.
import { main } from '../../../docs/snippets/getting-started/main';

it('places two orders, projects the totals and lets the process manager ship both', async () => {
  expect(await main()).toEqual({ spent: 1_950, unshipped: 0, status: 'shipped' });
});
