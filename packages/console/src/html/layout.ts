import { html, type SafeHtml } from './html';

export type ConsoleSection = 'log' | 'streams' | 'subscribers' | 'trace';

/** Where the console is mounted (`/factum`) and links within it. */
export class ConsolePaths {
  constructor(readonly base: string) {}
  to(path: string): string {
    return `${this.base}${path}`;
  }
  event(eventId: string): string {
    return this.to(`/events/${encodeURIComponent(eventId)}`);
  }
  stream(streamId: string, version?: number): string {
    return this.to(`/streams/${encodeURIComponent(streamId)}${version === undefined ? '' : `?version=${version}`}`);
  }
  trace(query: { event?: string; correlation?: string }): string {
    return this.to(`/trace?${new URLSearchParams(query as Record<string, string>).toString()}`);
  }
}

/** A whole console page: header with the sections, then the body. */
export function page(paths: ConsolePaths, options: { title: string; section: ConsoleSection; body: SafeHtml }): string {
  const link = (section: ConsoleSection, href: string, label: string): SafeHtml =>
    html`<a href="${href}" class="${section === options.section ? 'active' : ''}">${label}</a>`;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${options.title} · Factum Console</title>
        <link rel="stylesheet" href="${paths.to('/assets/console.css')}" />
        <script src="${paths.to('/assets/console.js')}" defer></script>
      </head>
      <body>
        <header>
          <span class="brand">Factum Console</span
          >${link('log', paths.to('/'), 'Log')}${link('subscribers', paths.to('/subscribers'), 'Subscribers')}${link('trace', paths.to('/trace'), 'Trace')}
        </header>
        <main>${options.body}</main>
      </body>
    </html> `.text;
}
