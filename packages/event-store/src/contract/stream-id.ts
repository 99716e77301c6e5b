/**
 * A stream's category is the part of its id before the first '-': `account-42` is in
 * `account`. Filters by category and aggregate streams (`<category>-<id>`) rely on it.
 */
export function streamCategory(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
}

export function streamIdFor(category: string, id: string): string {
  return `${category}-${id}`;
}
