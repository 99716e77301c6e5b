// The aggregate alone, given/when/then: no store, no app.
import { aggregateFixture } from '@factum/testing';
import { OrderPlaced, OrderShipped, PlaceOrder, ShipOrder } from '../src/messages';
import { Order } from '../src/order.aggregate';

describe('Order', () => {
  const order = aggregateFixture(Order);
  const placed = OrderPlaced({ orderId: 'o-1', customer: 'ada', total: 1_250 });

  it('is placed once', async () => {
    await order.when(PlaceOrder({ orderId: 'o-1', customer: 'ada', total: 1_250 })).expectEvents(placed);
    await order
      .given(placed)
      .when(PlaceOrder({ orderId: 'o-1', customer: 'bob', total: 1 }))
      .expectError('OrderExists');
  });

  it('ships a placed order, and only a placed one', async () => {
    const shipping = order.given(placed).when(ShipOrder({ orderId: 'o-1' }));
    await shipping.expectEvents(OrderShipped({ orderId: 'o-1' }));
    await shipping.expectState({ status: 'shipped' });
    await order.when(ShipOrder({ orderId: 'o-2' })).expectError('OrderNotPlaced');
  });

  it('refuses invalid commands before the aggregate sees them', async () => {
    await order.when(PlaceOrder({ orderId: 'o-3', customer: 'ada', total: -5 })).expectError('VALIDATION_FAILED');
  });
});
