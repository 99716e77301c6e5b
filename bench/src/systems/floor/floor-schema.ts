/**
 * The raw floor: event-shaped rows in one table, nothing else. The unique (stream, version) index
 * is what any event store needs to read a stream and to refuse a second event at a version; the
 * floor keeps only that, a unique event id and a bigserial position.
 */
export const FLOOR_SCHEMA = `
CREATE TABLE events (
  position bigserial PRIMARY KEY,
  id uuid NOT NULL UNIQUE,
  stream text NOT NULL,
  version int NOT NULL,
  type text NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  UNIQUE (stream, version)
)`;

export const INSERT_COLUMNS = 'INSERT INTO events (id, stream, version, type, data, metadata) VALUES ';

/** `($1,$2,...,$6),($7,...)` for `rows` rows of six columns. */
export function valuesPlaceholders(rows: number): string {
  const parts: string[] = [];
  for (let r = 0; r < rows; r++) {
    const b = r * 6;
    parts.push(`($${b + 1},$${b + 2},$${b + 3},$${b + 4},$${b + 5},$${b + 6})`);
  }
  return parts.join(',');
}

export const READ_STREAM = 'SELECT position, id, stream, version, type, data, metadata FROM events WHERE stream = $1 ORDER BY version';
/** The naive reader: correct only when no append is in flight (a late commit can slip under it). */
export const READ_ALL_AFTER = 'SELECT position, id, stream, version, type, data, metadata FROM events WHERE position > $1 ORDER BY position LIMIT $2';
