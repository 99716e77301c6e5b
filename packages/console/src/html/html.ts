import escapeHtml from 'escape-html';

/**
 * HTML that is safe to send: built only by `html` (which escapes every value put into it) or,
 * for text the console itself wrote, by `trusted`. Event data, stream ids, error messages and
 * every other value from the store or the request go through `html`, never around it.
 */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** A value `html` can take: text and numbers are escaped, arrays joined, `SafeHtml` kept as is, nothing left out. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.text;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map((item: HtmlValue) => render(item)).join('');
  return escapeHtml(String(value));
}

/** The template tag for every page: `html\`<td>${event.type}</td>\`` escapes `event.type`. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let text = strings[0]!;
  for (let index = 0; index < values.length; index++) text += render(values[index]!) + strings[index + 1]!;
  return new SafeHtml(text);
}

/** Marks markup the console wrote itself (a constant, never user data) as safe. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
