import { parseArgs } from 'node:util';
import { QUICK_TIME_CAP_S } from '../workloads/catalog.js';
import { SYSTEMS, WORKLOADS, type SystemName, type WorkloadName } from '../workloads/types.js';

export interface BenchOptions {
  json: boolean;
  only: WorkloadName[];
  systems: SystemName[];
  /** Whether --only was given (then `--quick` runs what it names, slow workloads included). */
  onlyGiven: boolean;
  /** Whether --systems was given (otherwise each workload runs its default systems). */
  systemsGiven: boolean;
  runs: number;
  /** Multiplies event and command counts; 1 is the published benchmark, less is for trials. */
  scale: number;
  /** The server to create bench databases on (the database named in it is only used to connect). */
  databaseUrl: string;
  /** A smoke run of about a minute: small sizes, one run, short time caps (see QUICK). */
  quick: boolean;
  /** `--time-cap`: one cap in seconds for every workload, instead of each one's own. */
  timeCapS: number | undefined;
  help: boolean;
}

/** What `--quick` means; `--runs` and `--scale` given with it still win. */
export const QUICK = { scale: 0.05, runs: 1 } as const;

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export const USAGE = `Usage: npm run bench -- [options]

  --json              print one JSON object with every figure on the last line
  --only <workloads>  run only these workloads (comma-separated or repeated):
                      ${WORKLOADS.join(', ')}
  --systems <names>   run only these systems: ${SYSTEMS.join(', ')}
  --runs <N>          runs per workload and system; the median is reported (default 3)
  --scale <f>         multiply event/command counts by f, for quick trials (default 1,
                      or BENCH_SCALE); figures at another scale are not comparable
  --quick             a smoke run of about a minute: scale ${QUICK.scale}, 1 run, every workload
                      capped at ${QUICK_TIME_CAP_S} s per system, latency-neighbour left out
                      unless named with --only; its figures are not comparable
  --time-cap <s>      stop any system still running a workload after s seconds (setup and all
                      runs included) and report it timed_out (default: each workload's own cap)
  -h, --help          this text

Connects with DATABASE_URL (default ${DEFAULT_DATABASE_URL}); every workload runs on a
database the bench creates for itself (bench_<random>) and drops afterwards.`;

function list<T extends string>(values: string[] | undefined, allowed: readonly T[], flag: string): T[] {
  if (!values || values.length === 0) return [...allowed];
  const names = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!(allowed as readonly string[]).includes(name)) {
      throw new Error(`${flag}: '${name}' is not one of ${allowed.join(', ')}`);
    }
  }
  return allowed.filter((a) => names.includes(a));
}

function positive(value: string | undefined, flag: string, fallback: number, integer: boolean): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new Error(`${flag}: '${value}' is not a positive ${integer ? 'whole ' : ''}number`);
  }
  return n;
}

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      json: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      systems: { type: 'string', multiple: true },
      runs: { type: 'string' },
      scale: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'time-cap': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const quick = values.quick ?? false;
  return {
    json: values.json ?? false,
    only: list(values.only, WORKLOADS, '--only'),
    onlyGiven: (values.only?.length ?? 0) > 0,
    systems: list(values.systems, SYSTEMS, '--systems'),
    systemsGiven: (values.systems?.length ?? 0) > 0,
    runs: positive(values.runs, '--runs', quick ? QUICK.runs : 3, true),
    scale: positive(values.scale ?? env.BENCH_SCALE, '--scale', quick ? QUICK.scale : 1, false),
    quick,
    timeCapS: values['time-cap'] === undefined ? undefined : positive(values['time-cap'], '--time-cap', 1, false),
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    help: values.help ?? false,
  };
}
