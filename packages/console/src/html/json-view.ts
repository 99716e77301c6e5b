import { html, type SafeHtml } from './html';

/** Pretty JSON in a `<pre>`, escaped: event data is user data and may hold markup. */
export function jsonView(value: unknown): SafeHtml {
  return html`<pre class="json">${JSON.stringify(value, null, 2) ?? 'undefined'}</pre>`;
}

/** One line of JSON for a table cell, cut to `max` characters. */
export function jsonPreview(value: unknown, max = 120): string {
  const text = JSON.stringify(value) ?? '';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
