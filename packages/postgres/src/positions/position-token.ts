import { asGlobalPosition, describeValue, InvalidInputError, type GlobalPosition } from '@factum/event-store';

/**
 * A Postgres global position: the id of the transaction that wrote the event and the event's
 * sequence number, `<xid>:<sequence>`, both zero-padded so that the token's string order is
 * also the log order (for whoever sorts tokens in a database column). The log is ordered by the
 * pair; see docs/postgres.md for why the transaction id comes first.
 */
export interface PositionParts {
  /** The writing transaction's id (`xid8`), as a decimal string without padding. */
  transactionId: string;
  /** The event's sequence number, as a decimal string without padding. */
  sequence: string;
}

const XID_DIGITS = 20; // xid8 is unsigned 64-bit
const SEQUENCE_DIGITS = 19; // bigint
const MAX_XID = 2n ** 64n - 1n;
const MAX_SEQUENCE = 2n ** 63n - 1n;
const TOKEN = /^(\d{1,20}):(\d{1,19})$/;

export function formatPosition(transactionId: string | number, sequence: string | number): GlobalPosition {
  return formatPositionIn(transactionPrefix(transactionId), sequence);
}

/** The part of a token before the sequence: the events of one transaction share it, so a reader can keep it. */
export function transactionPrefix(transactionId: string | number): string {
  return `${String(transactionId).padStart(XID_DIGITS, '0')}:`;
}

/** The token of the event at `sequence` in the transaction whose `transactionPrefix` is `prefix`. */
export function formatPositionIn(prefix: string, sequence: string | number): GlobalPosition {
  return asGlobalPosition(prefix + String(sequence).padStart(SEQUENCE_DIGITS, '0'));
}

export function parsePosition(position: unknown, argument = 'position'): PositionParts {
  const match = typeof position === 'string' ? TOKEN.exec(position) : null;
  if (!match) {
    throw new InvalidInputError(argument, `${describeValue(position)} is not a position of the Postgres store (expected '<transaction id>:<sequence>')`);
  }
  const transactionId = BigInt(match[1]!);
  const sequence = BigInt(match[2]!);
  if (transactionId > MAX_XID || sequence > MAX_SEQUENCE) {
    throw new InvalidInputError(argument, `${describeValue(position)} is out of range for a Postgres position`);
  }
  return { transactionId: transactionId.toString(), sequence: sequence.toString() };
}

function padded(position: GlobalPosition, argument: string): string {
  if (position.length === XID_DIGITS + 1 + SEQUENCE_DIGITS && position[XID_DIGITS] === ':' && TOKEN.test(position)) return position;
  const { transactionId, sequence } = parsePosition(position, argument);
  return formatPosition(transactionId, sequence);
}

/** Orders two positions of the Postgres store: by transaction id, then by sequence. */
export function comparePostgresPositions(a: GlobalPosition, b: GlobalPosition): number {
  const left = padded(a, 'a');
  const right = padded(b, 'b');
  return left < right ? -1 : left > right ? 1 : 0;
}
