/**
 * The catch-up workload's consumer on Factum's side: a `@Projector` that starts at the origin,
 * run by the app with its checkpoints in Postgres, as an application would run one.
 */
import { On, Projector, type ProjectionContext, type DecodedEvent } from '@factum/core';
import type { DeliveryCheck } from '../../harness/delivery-check.js';
import { Deposited } from './bank-account.js';

export function catchUpProjector(name: string, check: DeliveryCheck, onEvent: () => void): new () => object {
  // 'durable': what is measured is catch-up with its checkpoints written to Postgres. Every run
  // has its own name, so no run resumes from another's checkpoint.
  @Projector({ name, startFrom: 'origin', readModel: 'durable' })
  class CountingProjector {
    @On(Deposited)
    deposited(event: DecodedEvent<typeof Deposited>, _context: ProjectionContext): void {
      check.record(event.data.n);
      onEvent();
    }
  }
  return CountingProjector;
}
