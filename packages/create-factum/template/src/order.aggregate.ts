// An aggregate decides: it checks a command against its state and emits events, or refuses with a
// DomainError (nothing is stored). Its state is rebuilt from its own events by the @Apply methods.
import { Aggregate, AggregateRoot, Apply, CommandHandler, DomainError, type CommandOf } from '@factum/core';
import { OrderPlaced, OrderShipped, PlaceOrder, ShipOrder } from './messages';

@Aggregate({ category: 'order' }) // one stream per order: 'order-<orderId>'
export class Order extends AggregateRoot {
  status: 'new' | 'placed' | 'shipped' = 'new';

  @CommandHandler(PlaceOrder, { id: (command) => command.orderId })
  place(command: CommandOf<typeof PlaceOrder>): void {
    if (this.status !== 'new') throw new DomainError('OrderExists', `order ${command.orderId} was already placed`);
    this.emit(OrderPlaced(command));
  }

  @CommandHandler(ShipOrder, { id: (command) => command.orderId })
  ship(command: CommandOf<typeof ShipOrder>): void {
    if (this.status !== 'placed') throw new DomainError('OrderNotPlaced', `order ${command.orderId} is ${this.status}: place it first`);
    this.emit(OrderShipped(command));
  }

  @Apply(OrderPlaced)
  protected placed(): void {
    this.status = 'placed';
  }

  @Apply(OrderShipped)
  protected shipped(): void {
    this.status = 'shipped';
  }
}
