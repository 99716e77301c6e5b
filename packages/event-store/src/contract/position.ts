/**
 * A place in the global log. Opaque to everything but the store that made it: a string you can
 * persist and hand back, totally ordered by that store's `comparePositions`. Never do arithmetic
 * on it and never compare two positions as strings; on Postgres it is a (transaction id,
 * sequence) pair so that a late-committing transaction can never slip under a checkpoint.
 */
export type GlobalPosition = string & { readonly __globalPosition: unique symbol };

/** Where a reader of the global log starts: before the first event, after the last, or after a position. */
export type StartPosition = 'origin' | 'head' | GlobalPosition;

/** Marks a string that a store produced (or that a checkpoint stored) as a position. */
export function asGlobalPosition(token: string): GlobalPosition {
  return token as GlobalPosition;
}

/** Orders two positions of one store: negative if `a` comes first, 0 if equal, positive otherwise. */
export type PositionComparator = (a: GlobalPosition, b: GlobalPosition) => number;
