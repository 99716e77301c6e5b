import type { StoreSchema } from '../schema/store-schema';

/** The SQL of process state and dead letters (checkpoints: `sql/checkpoint-statements.ts`); every statement parameterised. */
export function subscriberStatements(schema: StoreSchema) {
  const states = schema.qualify('process_states');
  const letters = schema.qualify('dead_letters');
  return {
    loadState: `select process_name, key, state, position, updated_at from ${states} where process_name = $1 and key = $2`,
    saveState: `insert into ${states} (process_name, key, state, position, updated_at) values ($1, $2, $3::jsonb, $4, now())
      on conflict (process_name, key) do update set state = excluded.state, position = excluded.position, updated_at = excluded.updated_at`,
    deleteState: `delete from ${states} where process_name = $1 and key = $2`,
    listStates: `select process_name, key, state, position, updated_at from ${states} where process_name = $1 order by key`,

    addDeadLetter: `insert into ${letters}
        (subscriber, event_id, event_type, stream_id, version, position, error_name, error_message, error_code, error_stack, attempts, failed_at)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())
      on conflict (subscriber, event_id) do update set
        error_name = excluded.error_name, error_message = excluded.error_message, error_code = excluded.error_code,
        error_stack = excluded.error_stack, attempts = excluded.attempts, failed_at = excluded.failed_at`,
    listDeadLetters: `select * from ${letters} where $1::text is null or subscriber = $1 order by failed_at, position, subscriber`,
    deleteDeadLetter: `delete from ${letters} where subscriber = $1 and event_id = $2`,
  };
}

export type SubscriberStatements = ReturnType<typeof subscriberStatements>;
