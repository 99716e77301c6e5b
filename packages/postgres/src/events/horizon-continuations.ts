/**
 * Readable horizons kept for the forward log reads that will continue where one just stopped.
 *
 * A horizon stays valid: the log below it is final whenever it is read (sql/horizon-statement.ts),
 * and every event above it sorts after every event below it. So a read that continues a full
 * read (a catching-up subscriber's next batch, `after` the last event it got) may read below the
 * earlier horizon without taking a new one: a full page there is exactly the next page of the
 * log. Only a short page could be short because of the old horizon; the reader then takes a new
 * one and reads on, so a read never ends early. This saves a catching-up subscriber one
 * statement per batch; live readers, whose reads come back short, take a horizon each time.
 */
export class HorizonContinuations {
  private readonly byPlace = new Map<string, string>();

  constructor(private readonly capacity = 64) {}

  /** The horizon of the full read that ended at `place`, if one did (each is taken once). */
  take(place: string): string | undefined {
    const horizon = this.byPlace.get(place);
    if (horizon !== undefined) this.byPlace.delete(place);
    return horizon;
  }

  /** A forward read below `horizon` came back full up to `place`: the next read may start there. */
  remember(place: string, horizon: string): void {
    if (this.byPlace.size >= this.capacity) this.byPlace.delete(this.byPlace.keys().next().value!);
    this.byPlace.set(place, horizon);
  }
}
