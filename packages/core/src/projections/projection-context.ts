/**
 * What a projector's (or event handler's) `@On` method and `reset` get besides the event.
 * `Tx` is the subscriber store's transaction handle: with `transactional: true` on Postgres it is
 * the `SqlTransaction` the read-model writes must go through, so they commit with the checkpoint.
 */
export interface ProjectionContext<Tx = undefined> {
  /** The subscriber's name. */
  readonly subscriber: string;
  /** The unit of work's transaction for transactional subscribers; `undefined` otherwise. */
  readonly tx: Tx;
}
