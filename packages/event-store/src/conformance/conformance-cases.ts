import type { ConformanceCase } from './conformance-case';
import { appendImmediatelyCases } from './cases/append-immediately';
import { appendVersionCases } from './cases/append-versions';
import { asOfReadCases } from './cases/as-of-reads';
import { atomicityCases } from './cases/atomicity';
import { backwardReadCases } from './cases/backward-reads';
import { badInputCases } from './cases/bad-input';
import { causationCases } from './cases/causation';
import { checkpointCases } from './cases/checkpoints';
import { closingCases } from './cases/closing';
import { concurrencyCases } from './cases/concurrency';
import { dataFidelityCases } from './cases/data-fidelity';
import { deletionCases } from './cases/deletion';
import { filterCases } from './cases/filters';
import { globalLogCases } from './cases/global-log';
import { hostileCheckpointCases, hostileInputCases, hostileSnapshotCases } from './cases/hostile-input';
import { idempotencyCases } from './cases/idempotency';
import { payloadCases } from './cases/payloads';
import { positionCases } from './cases/positions';
import { readCases } from './cases/reads';
import { resendCases } from './cases/resends';
import { snapshotCases } from './cases/snapshots';
import { streamListingCases } from './cases/stream-listing';
import { subscriptionCases } from './cases/subscriptions';
import { unicodeCases } from './cases/unicode';

/**
 * Every case of the conformance suite, in topic order. Run them with `runConformanceCase`
 * under any test runner, or all at once under Jest with `eventStoreConformance`.
 */
export function conformanceCases(): ConformanceCase[] {
  return [
    ...appendVersionCases,
    ...appendImmediatelyCases,
    ...atomicityCases,
    ...concurrencyCases,
    ...globalLogCases,
    ...asOfReadCases,
    ...backwardReadCases,
    ...positionCases,
    ...readCases,
    ...filterCases,
    ...subscriptionCases,
    ...idempotencyCases,
    ...resendCases,
    ...payloadCases,
    ...dataFidelityCases,
    ...unicodeCases,
    ...badInputCases,
    ...hostileInputCases,
    ...deletionCases,
    ...streamListingCases,
    ...causationCases,
    ...closingCases,
    ...checkpointCases,
    ...hostileCheckpointCases,
    ...snapshotCases,
    ...hostileSnapshotCases,
  ];
}
