import { defineEvent, IntegrationPublisher, On, type DecodedEvent } from '@factum/core';
import { z } from 'zod';

export const Counted = defineEvent('Counted', z.object({ n: z.number().int() }));

/** A relay of every `Counted` event to `<prefix>.<stream id>` (in `partitions` partitions, by stream, when given). */
export function countedRelay(prefix: string, options: { maxInFlight?: number; batchSize?: number; partitions?: number } = {}) {
  @IntegrationPublisher({ name: 'counted-relay', startFrom: 'origin', ...options })
  class CountedRelay {
    @On(Counted)
    counted(event: DecodedEvent<typeof Counted>) {
      return { subject: `${prefix}.${event.streamId}`, payload: event.data };
    }
  }
  return CountedRelay;
}
