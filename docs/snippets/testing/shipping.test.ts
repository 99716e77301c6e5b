// A test file of its own: Jest runs it, so docs/testing.md stays true.
import { DomainError } from '@factum/core';
import { processManagerFixture } from '@factum/testing';
import { OrderPlaced, OrderShipped, ShipOrder } from '../getting-started/messages';
import { Order } from '../getting-started/order';
import { Shipping } from '../getting-started/subscribers';

describe('Shipping', () => {
  // The aggregates route and validate the commands; the fixture records them and runs none.
  const shipping = processManagerFixture(Shipping, { aggregates: [Order] });
  const placed = OrderPlaced({ orderId: 'o-1', customer: 'ada', total: 1_250 });

  it('ships every placed order', async () => {
    const scenario = shipping.when(placed);
    await scenario.expectCommands(ShipOrder({ orderId: 'o-1' }));
    await scenario.expectState({ orderId: 'o-1' });
  });

  it('ends once the order has shipped', async () => {
    const scenario = shipping.given(placed).when(OrderShipped({ orderId: 'o-1' }));
    await scenario.expectCommands();
    await scenario.expectEnded();
  });

  it('reports a refused command as the handler’s failure', async () => {
    const refusing = processManagerFixture(Shipping, {
      aggregates: [Order],
      onCommand: () => {
        throw new DomainError('WarehouseClosed', 'nothing ships today');
      },
    });
    await expect(refusing.when(placed).expectCommands(ShipOrder({ orderId: 'o-1' }))).rejects.toThrow('WarehouseClosed');
  });
});
