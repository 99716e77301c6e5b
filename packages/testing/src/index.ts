export { aggregateFixture } from './aggregates/aggregate-fixture';
export type { AggregateFixture, AggregateFixtureOptions, AggregateOutcome, AggregateScenario } from './aggregates/aggregate-fixture';
export { projectorFixture } from './projections/projector-fixture';
export type { GivenEvent, ProjectorFixture, ProjectorFixtureOptions } from './projections/projector-fixture';
export { transactionalProjectorFixture } from './projections/transactional-projector-fixture';
export type {
  TransactionalProjection,
  TransactionalProjectorFixture,
  TransactionalProjectorFixtureOptions,
  TransactionRunner,
} from './projections/transactional-projector-fixture';
export { FIXTURE_CORRELATION_ID, processManagerFixture } from './process-managers/process-manager-fixture';
export type {
  ProcessGivenEvent,
  ProcessManagerFixture,
  ProcessManagerFixtureOptions,
  ProcessOutcome,
  ProcessScenario,
} from './process-managers/process-manager-fixture';
export { createTestApp } from './app/create-test-app';
export type { TestApp, TestAppOptions } from './app/create-test-app';
export { waitForIdle } from './app/wait-for-idle';
export type { IdleOptions, WaitOptions } from './app/wait-for-idle';
export { waitForEvent } from './app/wait-for-event';
export { ExpectationError } from './expectations/expectation-error';
