import type * as FastCheck from 'fast-check';

/**
 * The suite's test tooling is loaded on first use, not imported: `@factum/event-store` is a
 * runtime dependency of every Factum app, and `@jest/globals` refuses to load outside Jest.
 */

/** The part of Jest's API the suite registers its cases with. */
export interface JestRegistrar {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>, timeout?: number): void;
}

export function jestGlobals(): JestRegistrar {
  return load<JestRegistrar>('@jest/globals', 'eventStoreConformance() registers Jest tests; call it from a Jest test file');
}

export function fastCheck(): typeof FastCheck {
  return load<typeof FastCheck>('fast-check', 'the property-based conformance cases use fast-check; add it to your devDependencies');
}

function load<Module>(name: string, hint: string): Module {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional peers load only when a suite runs
    return require(name) as Module;
  } catch (error) {
    throw new Error(`Could not load '${name}': ${hint}.`, { cause: error });
  }
}
