import type { AppOptions, SubscriberClass } from '@factum/core';
import { feedProjector, type GivenEvent } from './feed-projector';

export type { GivenEvent } from './feed-projector';

export interface ProjectorFixtureOptions {
  /** The container to resolve the projector from, for projectors with injected services. */
  container?: AppOptions['container'];
}

export interface ProjectorFixture<P extends object> {
  /**
   * Runs the projector over these events, in order, and resolves with the projector instance
   * once it has handled all of them: inspect its read model. Rejects with the first handler error.
   */
  given(...events: GivenEvent[]): Promise<P>;
}

/**
 * Feeds events to a projector that keeps its read model in memory, through the real
 * subscription runtime, and hands back the projector to inspect. Each `given` starts afresh.
 */
export function projectorFixture<P extends object>(projector: SubscriberClass<P>, options: ProjectorFixtureOptions = {}): ProjectorFixture<P> {
  return {
    given: (...events) => feedProjector(projector, events, options),
  };
}
