import type { EventStore, SnapshotStore } from '@factum/event-store';
import type { AggregateModel } from './aggregate-model';
import { applyStored, markReadOnly, setVersion, type AggregateRoot } from './aggregate-root';
import { readEnvelope, restoreSnapshot, type SnapshotEnvelope } from './aggregate-snapshots';
import { CommandWindow } from './command-window';

/** An aggregate rebuilt from its stream, with what dispatch needs to know alongside it. */
export interface LoadedAggregate {
  readonly aggregate: AggregateRoot;
  readonly window: CommandWindow;
  /** Events applied since the last snapshot this process knows of. */
  sinceSnapshot: number;
}

/** Where a historic load stops: at a stream version, at a point in time, or both (whichever comes first). */
export interface LoadAsOfOptions {
  /** The last version to apply. */
  version?: number;
  /** Apply only events that occurred at or before this moment. */
  at?: Date;
}

export interface AggregateLoaderOptions {
  store: EventStore;
  snapshots: SnapshotStore | undefined;
  /** Makes a fresh instance (from the container). */
  create: (model: AggregateModel) => AggregateRoot;
  windowSize: number;
}

/** Rebuilds aggregates: the latest usable snapshot, then the events after it, folded through `@Apply`. */
export class AggregateLoader {
  constructor(private readonly options: AggregateLoaderOptions) {}

  async load(model: AggregateModel, streamId: string): Promise<LoadedAggregate> {
    const { store, create, windowSize } = this.options;
    const aggregate = create(model);
    const snapshot = await this.snapshotOf(model, streamId);
    let window: CommandWindow;
    let fromVersion = 1;
    if (snapshot) {
      restoreSnapshot(aggregate, model, snapshot.envelope);
      setVersion(aggregate, snapshot.version);
      window = CommandWindow.fromData(windowSize, snapshot.envelope.window);
      fromVersion = snapshot.version + 1;
    } else {
      window = new CommandWindow(windowSize, true);
    }
    let read = 0;
    for await (const event of store.readStream(streamId, { fromVersion })) {
      applyStored(aggregate, event);
      const commandId = event.metadata.commandId;
      if (typeof commandId === 'string') window.record(commandId, event.version);
      read++;
    }
    return { aggregate, window, sinceSnapshot: read };
  }

  /** A read-only aggregate as it was at a version or a moment; null if its stream had no events by then. */
  async loadAsOf(model: AggregateModel, streamId: string, options: LoadAsOfOptions): Promise<AggregateRoot | null> {
    const { store, create } = this.options;
    const { version: lastVersion = Number.MAX_SAFE_INTEGER, at } = options;
    const aggregate = create(model);
    let fromVersion = 1;
    const snapshot = await this.snapshotOf(model, streamId);
    if (snapshot && snapshot.version <= lastVersion && (at === undefined || (await this.occurredBy(streamId, snapshot.version, at)))) {
      restoreSnapshot(aggregate, model, snapshot.envelope);
      setVersion(aggregate, snapshot.version);
      fromVersion = snapshot.version + 1;
    }
    if (fromVersion <= lastVersion) {
      for await (const event of store.readStream(streamId, { fromVersion })) {
        if (event.version > lastVersion || (at !== undefined && event.occurredAt.getTime() > at.getTime())) break;
        applyStored(aggregate, event);
      }
    }
    markReadOnly(aggregate);
    return aggregate.version === 0 ? null : aggregate;
  }

  private async snapshotOf(model: AggregateModel, streamId: string): Promise<{ version: number; envelope: SnapshotEnvelope } | null> {
    const snapshots = this.options.snapshots;
    if (!model.snapshot || !snapshots) return null;
    const snapshot = await snapshots.load(streamId);
    const envelope = snapshot ? readEnvelope(snapshot, model) : null;
    return envelope && snapshot ? { version: snapshot.version, envelope } : null;
  }

  private async occurredBy(streamId: string, version: number, at: Date): Promise<boolean> {
    for await (const event of this.options.store.readStream(streamId, { fromVersion: version, limit: 1 })) {
      return event.occurredAt.getTime() <= at.getTime();
    }
    return false;
  }
}
