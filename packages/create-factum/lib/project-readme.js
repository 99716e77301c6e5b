// @ts-check
// The README.md of a new project: what is in it and how to run it, for the options it was made with.
'use strict';
const { packageName } = require('./package-name');

const STORE_TEXT = {
  memory: 'Events live in memory (`InMemoryEventStore`) and are gone when the process ends.',
  pglite:
    'Events live in embedded PostgreSQL (PGlite) in `./.data/app`: no server needed, and every `npm start` adds to the orders of the runs before. Delete `.data/` to start over.',
  postgres:
    'Events live in the PostgreSQL server named by `DATABASE_URL` (schema `factum`, or `FACTUM_SCHEMA`); every `npm start` adds to the orders of the runs before.',
};

/** @param {import('./arguments').Options} options */
function projectReadme(options) {
  const start = options.store === 'postgres' ? 'DATABASE_URL=postgres://user@localhost:5432/db npm start' : 'npm start';
  const runner = options.test === 'jest' ? 'Jest (ts-jest)' : 'Vitest';
  return `# ${packageName(options.dir)}

An event-sourced app made with Factum: orders are placed
and shipped, a read model sums what each customer spent, and a process manager ships every order
that is placed.

\`\`\`sh
${start}   # builds, places two orders, prints the read model
npm test    # ${runner}: the aggregate on its own, and the whole app in memory
\`\`\`

${STORE_TEXT[options.store]}

| file | what it is |
|---|---|
| \`src/messages.ts\` | the commands and events, each a type name and a zod schema |
| \`src/order.aggregate.ts\` | the aggregate: decides on commands, emits events, refuses with \`DomainError\` |
| \`src/order-summary.projector.ts\` | a projector: the read model, rebuilt from the log at every start |
| \`src/shipping.process-manager.ts\` | a process manager: ships every placed order |
| \`src/store.ts\` | where the events live |
| \`src/app.ts\` | the app: the store, the aggregate and the subscribers wired by \`createApp\` |
| \`src/main.ts\` | what \`npm start\` runs |
| \`test/order.test.ts\` | the aggregate, given/when/then (\`aggregateFixture\`) |
| \`test/app.test.ts\` | the whole app in memory (\`createTestApp\`, \`waitForIdle\`) |

Decorated classes need \`experimentalDecorators\` and \`emitDecoratorMetadata\` (see
\`tsconfig.json\`). Next: the Factum guides on aggregates and commands, projections (read models in
PostgreSQL tables, committed with their checkpoint), process managers and testing.
`;
}

module.exports = { projectReadme };
