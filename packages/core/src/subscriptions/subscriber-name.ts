import { InvalidSubscriberError } from './subscription-errors';

/**
 * Refuses a declared subscriber name that would share storage with something else: a partition
 * is stored under `<name>#<index>`, so a subscriber named `balances#1` would take over partition
 * 1 of `balances`; names starting with `$` are Factum's own (member leases `$members#<n>`, start
 * markers, partition counts).
 */
export function checkSubscriberName(name: string, declaredBy: string): void {
  if (name.startsWith('$'))
    throw new InvalidSubscriberError(name, `names starting with '$' are reserved for Factum (member leases, start markers); rename it (${declaredBy}).`);
  if (name.includes('#'))
    throw new InvalidSubscriberError(
      name,
      `'#' is reserved for partitions ('balances#1' is partition 1 of 'balances'); choose a name without it (${declaredBy}).`,
    );
}
