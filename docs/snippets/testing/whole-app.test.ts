// A test file of its own: Jest runs it, so docs/testing.md stays true.
import { createTestApp, type TestApp } from '@factum/testing';
import { OrderShipped, PlaceOrder } from '../getting-started/messages';
import { Order } from '../getting-started/order';
import { CustomerTotals, Shipping } from '../getting-started/subscribers';

describe('the order app, end to end', () => {
  let app: TestApp;

  beforeEach(async () => {
    // In memory and already started.
    app = await createTestApp({ aggregates: [Order], projectors: [CustomerTotals], processManagers: [Shipping] });
  });

  afterEach(() => app.stop());

  it('ships what is placed', async () => {
    await app.dispatch(PlaceOrder({ orderId: 'o-1', customer: 'ada', total: 1_250 }));
    const shipped = await app.waitForEvent(OrderShipped, (event) => event.data.orderId === 'o-1');
    expect(shipped.streamId).toBe('order-o-1');
  });

  it('settles every subscriber before the read model is checked', async () => {
    await app.dispatch(PlaceOrder({ orderId: 'o-1', customer: 'ada', total: 1_250 }));
    await app.dispatch(PlaceOrder({ orderId: 'o-2', customer: 'ada', total: 700 }));
    await app.waitForIdle(); // the process manager, its ShipOrder commands, and the projector after them
    expect(app.container.get(CustomerTotals).unshipped).toBe(0);
  });
});
