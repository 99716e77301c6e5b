// A test file of its own: Jest runs it, so docs/testing.md stays true.
import { projectorFixture } from '@factum/testing';
import { OrderPlaced, OrderShipped } from '../getting-started/messages';
import { CustomerTotals } from '../getting-started/subscribers';

it('sums what each customer spent and counts what is still to ship', async () => {
  const totals = await projectorFixture(CustomerTotals).given(
    { ...OrderPlaced({ orderId: 'o-1', customer: 'ada', total: 1_250 }), streamId: 'order-o-1' },
    { ...OrderPlaced({ orderId: 'o-2', customer: 'ada', total: 700 }), streamId: 'order-o-2' },
    { ...OrderShipped({ orderId: 'o-1' }), streamId: 'order-o-1' },
  );
  expect(totals.spent.get('ada')).toBe(1_950);
  expect(totals.unshipped).toBe(1);
});
