import { createHash, timingSafeEqual } from 'node:crypto';
import type { ConsoleSettings } from '../console-options';
import { ConsoleActionRefusedError } from '../errors/console-errors';

const digest = (text: string): Uint8Array => new Uint8Array(createHash('sha256').update(text, 'utf8').digest());

/** The token of an action request: the form field `token`, or `Authorization: Bearer <token>`. */
export function tokenOf(body: unknown, authorization: string | undefined): string | undefined {
  const field = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['token'] : undefined;
  if (typeof field === 'string' && field !== '') return field;
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  return bearer?.[1]?.trim();
}

/** Refuses an action unless actions are on and the request carries the token (compared in constant time). */
export function checkActionAllowed(settings: ConsoleSettings, token: string | undefined): void {
  if (settings.token === null) {
    throw new ConsoleActionRefusedError(
      'The console is read-only: start it with --allow-actions (or `allowActions: true` and a `token`) to retry, skip, restart or rebuild.',
    );
  }
  if (token === undefined) throw new ConsoleActionRefusedError('This action needs the console token (form field `token` or `Authorization: Bearer <token>`).');
  if (!timingSafeEqual(digest(token), digest(settings.token))) throw new ConsoleActionRefusedError('Wrong console token: nothing was done.');
}
