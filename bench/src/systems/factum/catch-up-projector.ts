/**
 * The catch-up workload's consumer on Factum's side: a `@Projector` that starts at the origin,
 * run by the app with its checkpoints in Postgres, as an application would run one.
 */
import { On, Projector, type ProjectionContext, type DecodedEvent } from '@factum/core';
import type { DeliveryCheck } from '../../harness/delivery-check.js';
import { Deposited } from './bank-account.js';

export function catchUpProjector(name: string, check: DeliveryCheck, onEvent: () => void): new () => object {
  @Projector({ name, startFrom: 'origin' })
  class CountingProjector {
    @On(Deposited)
    deposited(event: DecodedEvent<typeof Deposited>, _context: ProjectionContext): void {
      check.record(event.data.n);
      onEvent();
    }
  }
  return CountingProjector;
}
