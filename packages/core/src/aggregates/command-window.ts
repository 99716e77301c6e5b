/** The versions one command appended on a stream. */
export interface CommandSpan {
  from: number;
  to: number;
}

/** How a window is kept in a snapshot: [commandId, from, to] triples, oldest first. */
export type CommandWindowData = { commands: [string, number, number][]; complete: boolean };

/**
 * The most recent command ids seen on one stream, with the versions each appended: how dispatch
 * recognises a command it already handled without reading the stream. `complete` stays true while
 * the window holds every command the stream ever had; once older ones are forgotten (or were never
 * seen), a command missing from the window may still have been handled long ago.
 *
 * A ring of slots, not a `Map`: every command that appends writes one slot (no allocation, no
 * hash-table churn), while a lookup, needed only for a command id the caller chose, scans at most
 * `capacity` ids, newest first. An id written twice takes two slots; the newest one answers, and
 * overwriting any occupied slot counts as forgetting (conservative: `complete` turns false).
 */
export class CommandWindow {
  private readonly ids: string[] = [];
  private readonly froms: number[] = [];
  private readonly tos: number[] = [];
  /** The slot written last; -1 while empty. */
  private newest = -1;

  constructor(
    private readonly capacity: number,
    public complete: boolean,
  ) {
    if (capacity <= 0) this.complete = false;
  }

  get(commandId: string): CommandSpan | undefined {
    const { ids, capacity } = this;
    for (let step = 0, slot = this.newest; step < ids.length; step++, slot = slot === 0 ? capacity - 1 : slot - 1) {
      if (ids[slot] === commandId) return { from: this.froms[slot]!, to: this.tos[slot]! };
    }
    return undefined;
  }

  /** Notes an event of a command, in stream order (events of one command are consecutive). */
  record(commandId: string, version: number): void {
    const newest = this.newest;
    if (newest >= 0 && this.ids[newest] === commandId && this.tos[newest] === version - 1) {
      this.tos[newest] = version;
      return;
    }
    this.add(commandId, version, version);
  }

  add(commandId: string, from: number, to: number): void {
    const { capacity, ids } = this;
    if (capacity <= 0) return;
    const slot = this.newest + 1 === capacity ? 0 : this.newest + 1;
    if (slot < ids.length) {
      // The ring is full: the oldest command is forgotten.
      this.complete = false;
      ids[slot] = commandId;
      this.froms[slot] = from;
      this.tos[slot] = to;
    } else {
      ids.push(commandId);
      this.froms.push(from);
      this.tos.push(to);
    }
    this.newest = slot;
  }

  /** How many slots are in use. */
  get size(): number {
    return this.ids.length;
  }

  toData(): CommandWindowData {
    const { ids, capacity } = this;
    const commands: [string, number, number][] = [];
    // Oldest first: the slot after the newest once the ring is full, slot 0 before.
    const oldest = ids.length < capacity ? 0 : (this.newest + 1) % capacity;
    for (let step = 0; step < ids.length; step++) {
      const slot = (oldest + step) % capacity;
      commands.push([ids[slot]!, this.froms[slot]!, this.tos[slot]!]);
    }
    return { commands, complete: this.complete };
  }

  static fromData(capacity: number, data: CommandWindowData): CommandWindow {
    const window = new CommandWindow(capacity, data.complete);
    for (const [id, from, to] of data.commands) window.add(id, from, to);
    return window;
  }
}
