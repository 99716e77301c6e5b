// A test file of its own: Jest runs it, so docs/testing.md stays true.
import { aggregateFixture } from '@factum/testing';
import { OrderPlaced, OrderShipped, PlaceOrder, ShipOrder } from '../getting-started/messages';
import { Order } from '../getting-started/order';

describe('Order', () => {
  const order = aggregateFixture(Order);
  const placed = OrderPlaced({ orderId: 'o-1', customer: 'ada', total: 1_250 });

  it('is placed once', async () => {
    await order.when(PlaceOrder({ orderId: 'o-1', customer: 'ada', total: 1_250 })).expectEvents(placed);
    await order.given(placed).when(PlaceOrder({ orderId: 'o-1', customer: 'bob', total: 1 })).expectError('OrderExists');
  });

  it('ships a placed order', async () => {
    const shipping = order.given(placed).when(ShipOrder({ orderId: 'o-1' }));
    await shipping.expectEvents(OrderShipped({ orderId: 'o-1' }));
    await shipping.expectState({ status: 'shipped' });
  });

  it('refuses invalid commands before any aggregate sees them', async () => {
    await order.when(PlaceOrder({ orderId: 'o-2', customer: 'ada', total: -5 })).expectError('VALIDATION_FAILED');
  });
});
