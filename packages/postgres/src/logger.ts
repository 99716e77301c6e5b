// One logger shape for every package: defined by the store contract's package.
export { silentLogger, stderrLogger } from '@factum/event-store';
export type { Logger } from '@factum/event-store';
