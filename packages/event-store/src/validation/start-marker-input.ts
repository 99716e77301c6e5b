import { isStartMarker, type StartMarker } from '../contract/start-marker';
import { InvalidInputError } from '../errors/store-errors';

/** Validates `readAll({ startedAt })`: a marker read back from storage may have been tampered with. */
export function checkStartMarker(marker: unknown, argument = 'startedAt'): StartMarker | undefined {
  if (marker === undefined) return undefined;
  if (!isStartMarker(marker)) {
    throw new InvalidInputError(argument, 'expected a marker from store.startMarker(): { position: string | null, committed?: string }');
  }
  return marker;
}
