import type { EventStore } from '@factum/event-store';
import type { BatchObservableResult, Meter, ObservableGauge } from '@opentelemetry/api';
import type { SubscriberSpec } from '../subscriptions/subscriber-spec';
import { ATTR } from './attributes';
import { measureLag, type LagOrigin } from './subscriber-lag';

/** A subscriber whose lag is reported: its reading stands somewhere while this process runs it. */
export interface LaggingSubscriber {
  readonly spec: Pick<SubscriberSpec, 'name' | 'kind' | 'eventTypes'>;
  /** `null` while another process runs it (that one reports it) or it is not running. */
  readonly lagOrigin: LagOrigin | null;
}

/** The subscribers of one app and the store they read. */
export interface LagSource {
  readonly store: EventStore;
  subscribers(): Iterable<LaggingSubscriber>;
}

/** The two lag gauges of one meter. */
export interface LagGauges {
  readonly events: ObservableGauge;
  readonly seconds: ObservableGauge;
}

/** The apps of this process whose subscribers' lag is reported (see `reportLagOf`). */
export const lagSources = new Set<LagSource>();

/**
 * The `factum.subscriber.lag.*` gauges on `meter`. Lag is measured when a metric reader collects
 * (an export, a Prometheus scrape), never on the hot path.
 */
export function createLagGauges(meter: Meter): LagGauges {
  const gauges: LagGauges = {
    events: meter.createObservableGauge('factum.subscriber.lag.events', {
      unit: '{event}',
      description: 'Events a subscriber reads that it has yet to handle',
    }),
    seconds: meter.createObservableGauge('factum.subscriber.lag.age', {
      unit: 's',
      description: 'How long the oldest event a subscriber has yet to handle has waited',
    }),
  };
  meter.addBatchObservableCallback((result) => observeLag(result, gauges), [gauges.events, gauges.seconds]);
  return gauges;
}

/** Measures every subscriber this process runs, of every app reported. */
async function observeLag(result: BatchObservableResult, gauges: LagGauges): Promise<void> {
  const measurements: Array<Promise<void>> = [];
  for (const source of lagSources) {
    for (const subscriber of source.subscribers()) {
      const origin = subscriber.lagOrigin;
      if (origin === null) continue;
      const { name, kind, eventTypes } = subscriber.spec;
      const attributes = { [ATTR.subscriber]: name, [ATTR.subscriberKind]: kind };
      measurements.push(
        measureLag(source.store, eventTypes, origin).then(
          (lag) => {
            result.observe(gauges.events, lag.events, attributes);
            result.observe(gauges.seconds, lag.seconds, attributes);
          },
          // The store did not answer: no point this time rather than a wrong one.
          () => undefined,
        ),
      );
    }
  }
  await Promise.all(measurements);
}
