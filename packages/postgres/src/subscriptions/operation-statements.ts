import type { StoreSchema } from '../schema/store-schema';

/** The SQL of subscriber operations and reports; every statement parameterised. */
export function operationStatements(schema: StoreSchema) {
  const operations = schema.qualify('subscriber_operations');
  const reports = schema.qualify('subscriber_reports');
  const columns = `id, subscriber, kind, event_id, state, performer, progress, result, error_code, error_message, requested_at, updated_at`;
  return {
    request: `insert into ${operations} (id, subscriber, kind, event_id, state) values ($1, $2, $3, $4, 'pending') returning ${columns}`,
    get: `select ${columns} from ${operations} where id = $1`,
    open: `select ${columns} from ${operations} where subscriber = any($1::text[]) and state in ('pending', 'running') order by seq`,
    claim: `update ${operations} set state = 'running', performer = $2, updated_at = clock_timestamp()
      where id = $1 and (state = 'pending' or (state = 'running' and performer is distinct from $2))`,
    progress: `update ${operations} set progress = $2::jsonb, updated_at = clock_timestamp() where id = $1 and state = 'running'`,
    succeed: `update ${operations} set state = 'done', result = $2::jsonb, updated_at = clock_timestamp() where id = $1 and state in ('pending', 'running')`,
    fail: `update ${operations} set state = 'failed', error_code = $2, error_message = $3, updated_at = clock_timestamp()
      where id = $1 and state in ('pending', 'running')`,
    cancel: `update ${operations} set state = 'failed', error_code = $2, error_message = $3, updated_at = clock_timestamp() where id = $1 and state = 'pending'`,
    history: `select ${columns} from ${operations} where $1::text is null or subscriber = $1 order by seq desc limit $2`,
    publish: `insert into ${reports} (subscriber, kind, event_types, owner, state, position, events_per_second, last_error, timings, reported_at)
      values ($1, $2, $3::jsonb, $4, $5, $6, $7, $8::jsonb, $9::jsonb, clock_timestamp())
      on conflict (subscriber) do update set kind = excluded.kind, event_types = excluded.event_types, owner = excluded.owner,
        state = excluded.state, position = excluded.position, events_per_second = excluded.events_per_second,
        last_error = excluded.last_error, timings = excluded.timings, reported_at = excluded.reported_at`,
    reports: `select subscriber, kind, event_types, owner, state, position, events_per_second, last_error, timings, reported_at from ${reports} order by subscriber`,
  };
}

export type OperationStatements = ReturnType<typeof operationStatements>;
