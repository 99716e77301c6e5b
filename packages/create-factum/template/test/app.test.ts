// The whole app in memory: commands in, the process manager and the projector run, and the test
// waits until every subscriber is idle instead of sleeping.
import { createTestApp, type TestApp } from '@factum/testing';
import { orderParts } from '../src/app';
import { OrderShipped, PlaceOrder } from '../src/messages';
import { OrderSummary } from '../src/order-summary.projector';

describe('the order app', () => {
  let app: TestApp;

  beforeEach(async () => {
    app = await createTestApp(orderParts); // in memory, already started
  });

  afterEach(() => app.stop());

  it('ships every order that is placed', async () => {
    await app.dispatch(PlaceOrder({ orderId: 'o-1', customer: 'ada', total: 1_250 }));
    const shipped = await app.waitForEvent(OrderShipped, (event) => event.data.orderId === 'o-1');
    expect(shipped.streamId).toBe('order-o-1');
  });

  it('sums what each customer spent', async () => {
    await app.dispatch(PlaceOrder({ orderId: 'o-1', customer: 'ada', total: 1_250 }));
    await app.dispatch(PlaceOrder({ orderId: 'o-2', customer: 'ada', total: 700 }));
    await app.waitForIdle(); // the process manager, its ShipOrder commands, and the projector after them
    expect(app.container.get(OrderSummary).view()).toEqual({ orders: 2, unshipped: 0, spent: { ada: 1_950 } });
  });
});
