import type { StoreSchema } from '../schema/store-schema';
import { EVENT_COLUMNS } from './event-statements';

/**
 * A page of one conversation in log order, below the readable horizon ($1) like `readAll`, so
 * paging with `after` never skips an event that commits late. Served by the partial index
 * (correlation_id, transaction_id, position) of migration 6.
 */
export function readCorrelatedStatement(schema: StoreSchema, withAfter: boolean): { text: string; name: string } {
  const after = withAfter ? 'and (e.transaction_id, e.position) > ($3::xid8, $4::bigint)' : '';
  return {
    text: `select ${EVENT_COLUMNS} from ${schema.qualify('events')} e
      where e.correlation_id = $2 and e.transaction_id < $1::xid8 ${after}
      order by e.transaction_id, e.position limit $${withAfter ? 5 : 3}`,
    name: schema.statementName(withAfter ? 'fxcorrafter' : 'fxcorr'),
  };
}

/**
 * The causes of event $1, first cause first: a recursive walk from event to event by
 * `causation_id = event_id` (the unique index on event ids), one lookup per link. It stops at a
 * cause that is no event (the command that started the chain) and, with CYCLE, at an event
 * already on the path, so causation ids that loop cannot make it run forever.
 */
export function causationChainStatement(schema: StoreSchema): string {
  const events = schema.qualify('events');
  return `with recursive chain(event_id, causation_id, depth) as (
      select e.event_id, e.causation_id, 0 from ${events} e where e.event_id = $1
      union all
      select e.event_id, e.causation_id, c.depth + 1 from chain c join ${events} e on e.event_id = c.causation_id
    ) cycle event_id set looped using path
    select ${EVENT_COLUMNS} from chain c join ${events} e on e.event_id = c.event_id
    where not c.looped
    order by c.depth desc`;
}
