import { createNoopMeter, metrics, type Counter, type Histogram, type MeterProvider } from '@opentelemetry/api';
import { createLagGauges, lagSources, type LagGauges, type LagSource } from './lag-gauges';

/** The instruments of the `factum` meter; durations in seconds, as OpenTelemetry recommends. */
export interface FactumInstruments {
  /** Commands dispatched, by `factum.command.type` and `factum.outcome`. */
  readonly commands: Counter;
  readonly commandDuration: Histogram;
  readonly appendDuration: Histogram;
  /** Events appended, by `factum.outcome` of the append. */
  readonly appendedEvents: Counter;
  /** From an event's `occurredAt` (its append) to the moment a subscriber starts handling it. */
  readonly receiveDelay: Histogram;
  /** From the moment a subscriber starts handling an event to the moment it is handled. */
  readonly processDuration: Histogram;
  readonly subscriberFailures: Counter;
  readonly subscriberRetries: Counter;
  readonly deadLetters: Counter;
  /** Per subscriber, observed when metrics are collected: see `reportLagOf`. */
  readonly lag: LagGauges;
}

let provider: MeterProvider | undefined;
let current: FactumInstruments | undefined;
let noop = true;

/**
 * The instruments of the meter provider registered now. Unlike tracers, meters from the API are
 * not proxies: instruments made before an SDK is registered stay no-ops, so they are remade when
 * the global provider changes (one identity check per use).
 */
export function instruments(): FactumInstruments {
  const registered = metrics.getMeterProvider();
  if (registered !== provider || current === undefined) {
    provider = registered;
    current = create(registered);
    noop = registered.getMeter('factum') === createNoopMeter();
  }
  return current;
}

/**
 * Reports the lag of `source`'s subscribers, those this process runs (each subscriber is reported
 * by the one process holding its lease), until the returned function is called.
 */
export function reportLagOf(source: LagSource): () => void {
  lagSources.add(source);
  // The gauges exist once instruments are made for the registered provider.
  instruments();
  return () => lagSources.delete(source);
}

/** Whether the registered meter provider is the API's no-op one (no SDK). */
export function meterIsNoop(): boolean {
  instruments();
  return noop;
}

function create(from: MeterProvider): FactumInstruments {
  const meter = from.getMeter('factum');
  const seconds = (name: string, description: string): Histogram => meter.createHistogram(name, { unit: 's', description });
  return {
    commands: meter.createCounter('factum.commands', { unit: '{command}', description: 'Commands dispatched' }),
    commandDuration: seconds('factum.command.duration', 'Time to dispatch a command, validation to committed events'),
    appendDuration: seconds('factum.append.duration', 'Time to append one command’s events to the store'),
    appendedEvents: meter.createCounter('factum.append.events', { unit: '{event}', description: 'Events appended' }),
    receiveDelay: seconds('factum.subscriber.receive.delay', 'From an event’s append (occurredAt) to its delivery to a subscriber'),
    processDuration: seconds('factum.subscriber.process.duration', 'From delivery to a subscriber to the event being handled'),
    subscriberFailures: meter.createCounter('factum.subscriber.failures', { unit: '{failure}', description: 'Handler failures' }),
    subscriberRetries: meter.createCounter('factum.subscriber.retries', { unit: '{retry}', description: 'Handler failures that will be retried' }),
    deadLetters: meter.createCounter('factum.subscriber.dead_letters', { unit: '{event}', description: 'Events set aside as dead letters' }),
    lag: createLagGauges(meter),
  };
}
