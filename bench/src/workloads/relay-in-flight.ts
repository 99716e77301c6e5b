/**
 * The bound on messages sent and not yet acknowledged in the relay workload, the same for Factum
 * (`maxInFlight`) and its plain peer: 1,000 (the relay's default), or `BENCH_RELAY_IN_FLIGHT`
 * to compare both sides at another bound.
 */
export function relayInFlight(): number {
  const given = process.env.BENCH_RELAY_IN_FLIGHT;
  if (given === undefined || given === '') return 1_000;
  const bound = Number(given);
  if (!Number.isInteger(bound) || bound < 1) throw new Error(`BENCH_RELAY_IN_FLIGHT is '${given}'; give a whole number of at least 1`);
  return bound;
}
