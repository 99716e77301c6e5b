// The TypeScript blocks of these guides must be copied from docs/snippets/, which the type-check
// compiles and the tests run: a block edited in the Markdown alone would fail here.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const docs = join(__dirname, '../../../docs');
// concepts.md has no TypeScript: it is prose only.
const guides = ['getting-started.md', 'custom-stores.md', 'testing.md', 'telemetry.md', 'operations.md', 'integration.md', 'scaling.md'];

function snippetFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? snippetFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

const snippets = snippetFiles(join(docs, 'snippets')).map((path) => readFileSync(path, 'utf8'));

describe.each(guides)('%s', (guide) => {
  const blocks = [...readFileSync(join(docs, guide), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);

  it.each(blocks.map((block, index) => [index + 1, block] as const))('block %i is a snippet file verbatim', (_index, block) => {
    expect(snippets.some((source) => source.includes(block))).toBe(true);
  });
});
