import { MsgHdrsImpl, type MsgHdrs } from '@nats-io/transport-node';
import { PublishRefusedError } from '../errors/publish-refused-error';

/** Header names already checked: a publisher sends the same few names in every message. */
const checkedNames = new Set<string>();
const LINE_BREAK = /[\r\n]/;

/**
 * The NATS headers of one outgoing message: the message's own, its id (`Nats-Msg-Id`) and, when
 * given, the expected last message id. Filled in one pass: the client's `append` searches the
 * headers it already has and checks each name again, which at thousands of messages a second
 * was a tenth of the relay's work. The checks are kept (a name of visible characters without
 * ':', a value without line breaks, trimmed as the client does).
 */
export function outgoingHeaders(own: Readonly<Record<string, string>>, messageId: string, expectedLastId: string | null): MsgHdrs {
  const headers = new MsgHdrsImpl();
  const entries = headers.headers;
  for (const name in own) entries.set(checkedName(name), [checkedValue(name, own[name]!)]);
  entries.set('Nats-Msg-Id', [checkedValue('Nats-Msg-Id', messageId)]);
  if (expectedLastId !== null) entries.set('Nats-Expected-Last-Msg-Id', [checkedValue('Nats-Expected-Last-Msg-Id', expectedLastId)]);
  return headers;
}

function checkedName(name: string): string {
  if (checkedNames.has(name)) return name;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 58 || c < 33 || c > 126) throw new PublishRefusedError(`header name '${name}' has a character NATS does not allow in a header name`);
  }
  if (name.length === 0) throw new PublishRefusedError('a header name is empty');
  if (checkedNames.size < 10_000) checkedNames.add(name);
  return name;
}

function checkedValue(name: string, value: string): string {
  if (LINE_BREAK.test(value)) throw new PublishRefusedError(`header '${name}' has a line break in its value, which NATS headers cannot carry`);
  return value.trim();
}
