// The console's only stylesheet and script, served by the console itself: nothing is fetched
// from elsewhere, so it works offline, and the Content-Security-Policy allows no inline script.

export const CONSOLE_CSS = `
:root { --fg: #1d2330; --muted: #5d6575; --line: #d9dde5; --bg: #f6f7f9; --accent: #2456c7; --bad: #b42318; --ok: #1a7f37; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; gap: 24px; align-items: center; padding: 10px 20px; background: #1d2330; color: #fff; }
header a { color: #c9d4ee; text-decoration: none; } header a.active, header a:hover { color: #fff; }
header .brand { font-weight: 600; color: #fff; }
main { padding: 16px 20px; }
h1 { font-size: 20px; margin: 4px 0 12px; } h2 { font-size: 16px; margin: 20px 0 8px; }
a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line); }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef0f4; font-weight: 600; font-size: 12px; color: var(--muted); }
td.mono, .mono, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: 12px; }
pre.json { margin: 0; padding: 8px; background: #fff; border: 1px solid var(--line); overflow: auto; max-height: 420px; white-space: pre-wrap; overflow-wrap: anywhere; min-width: 16em; }
form.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin-bottom: 12px; }
form.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
input, select, button { font: inherit; padding: 4px 6px; }
button { cursor: pointer; }
.muted { color: var(--muted); } .bad { color: var(--bad); } .ok { color: var(--ok); }
.pill { display: inline-block; padding: 0 6px; border-radius: 8px; background: #e7ebf3; font-size: 12px; }
.pill.stopped, .pill.retrying { background: #fde3e1; color: var(--bad); } .pill.live { background: #dcf3e3; color: var(--ok); }
tr.partition-group { background: #f7f8fb; } tr.partition td:first-child { padding-left: 24px; }
tr.fresh { animation: fresh 2s ease-out; } @keyframes fresh { from { background: #fff5c2; } to { background: #fff; } }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; background: #fff; border: 1px solid var(--line); padding: 10px; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
ul.tree, ul.tree ul { list-style: none; padding-left: 22px; margin: 0; border-left: 1px dashed var(--line); }
ul.tree { padding-left: 0; border-left: none; }
ul.tree li { margin: 6px 0; }
.node { display: inline-block; background: #fff; border: 1px solid var(--line); padding: 4px 8px; border-radius: 4px; }
.node.command { background: #eef3ff; } .node.focus { outline: 2px solid var(--accent); } .node.failure { border-color: var(--bad); }
.timings { font-size: 12px; color: var(--muted); margin-left: 6px; }
.notice { padding: 8px 12px; background: #fff; border-left: 4px solid var(--accent); margin-bottom: 12px; }
.notice.bad { border-color: var(--bad); }
.actions { display: flex; gap: 6px; flex-wrap: wrap; } .actions form { display: inline; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
`;

export const CONSOLE_JS = `
'use strict';
(function () {
  // The live log: rows rendered (and escaped) by the server arrive over server-sent events.
  var live = document.querySelector('[data-live]');
  if (live && window.EventSource) {
    var body = live.querySelector('tbody');
    var badge = document.getElementById('live-state');
    var source = new EventSource(live.getAttribute('data-live'));
    source.onopen = function () { if (badge) { badge.textContent = 'live'; badge.className = 'pill live'; } };
    source.onerror = function () { if (badge) { badge.textContent = 'reconnecting'; badge.className = 'pill retrying'; } };
    source.onmessage = function (message) {
      var payload = JSON.parse(message.data);
      // After a reconnection the feed may resend rows already shown.
      if (body.querySelector('tr[data-event-id="' + CSS.escape(payload.eventId) + '"]')) return;
      body.insertAdjacentHTML('afterbegin', payload.row);
      var empty = live.querySelector('tr.empty');
      if (empty) empty.remove();
    };
  }
  // Parts that refresh themselves (subscriber status, rebuild progress): server-rendered fragments.
  document.querySelectorAll('[data-refresh]').forEach(function (part) {
    var url = part.getAttribute('data-refresh');
    setInterval(function () {
      fetch(url, { headers: { accept: 'text/html' } }).then(function (response) {
        return response.ok ? response.text() : null;
      }).then(function (text) { if (text !== null) part.innerHTML = text; }).catch(function () {});
    }, 1000);
  });
  // Actions carry the token typed once at the top of the page.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.matches || !form.matches('form[data-action]')) return;
    var token = document.getElementById('action-token');
    var field = form.querySelector('input[name=token]');
    if (token && field) field.value = token.value;
  });
})();
`;
