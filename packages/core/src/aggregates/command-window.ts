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
 */
export class CommandWindow {
  private readonly spans = new Map<string, CommandSpan>();
  private last: CommandSpan | undefined;
  private lastId: string | undefined;

  constructor(
    private readonly capacity: number,
    public complete: boolean,
  ) {
    if (capacity <= 0) this.complete = false;
  }

  get(commandId: string): CommandSpan | undefined {
    return this.spans.get(commandId);
  }

  /** Notes an event of a command, in stream order (events of one command are consecutive). */
  record(commandId: string, version: number): void {
    if (this.lastId === commandId && this.last && this.last.to === version - 1) {
      this.last.to = version;
      return;
    }
    this.add(commandId, version, version);
  }

  add(commandId: string, from: number, to: number): void {
    if (this.capacity <= 0) return;
    const span = { from, to };
    this.spans.delete(commandId);
    this.spans.set(commandId, span);
    this.last = span;
    this.lastId = commandId;
    if (this.spans.size > this.capacity) {
      this.spans.delete(this.spans.keys().next().value!);
      this.complete = false;
    }
  }

  toData(): CommandWindowData {
    return { commands: [...this.spans].map(([id, span]) => [id, span.from, span.to]), complete: this.complete };
  }

  static fromData(capacity: number, data: CommandWindowData): CommandWindow {
    const window = new CommandWindow(capacity, data.complete);
    for (const [id, from, to] of data.commands) window.add(id, from, to);
    return window;
  }
}
