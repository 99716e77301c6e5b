import type { Child } from './support/child-process';
import { DATABASE_URL } from './support/database';
import { openRelayCrashRig, readBack, settle, sleep, whilePublishing, writeCounters, type RelayCrashRig } from './support/relay-crash-rig';

const STREAMS = 40;
const PER_STREAM = 150;
const TOTAL = STREAMS * PER_STREAM;
const PARTITIONS = 4;

// Two child processes share the partitions of one publisher: this test needs a server (DATABASE_URL; always set in CI).
(DATABASE_URL ? describe : describe.skip)('a partitioned relay to JetStream in two processes, killed while it publishes (PostgreSQL, NATS)', () => {
  let rig: RelayCrashRig;

  beforeAll(async () => {
    rig = await openRelayCrashRig('parts');
  });
  afterAll(() => rig?.close());

  it('delivers each event once, in per-stream order, while its partitions publish concurrently from two processes through SIGKILLs and a cut connection', async () => {
    const writer = writeCounters(rig.store, { streams: STREAMS, perStream: PER_STREAM, perAppend: 10, pauseMs: 2 });
    const start = () => rig.startRelay({ PARTITIONS: String(PARTITIONS) });
    const children: Child[] = await Promise.all([start(), start()]);
    // Both processes publish (each holds some partitions) when the disruptions land.
    const disruptions = ['kill 0', 'kill 1', 'cut', 'kill 0'] as const;
    for (const disruption of disruptions) {
      await whilePublishing(rig, TOTAL);
      if (disruption === 'cut') {
        rig.proxy.cut();
        await sleep(300);
        rig.proxy.restore();
      } else {
        const slot = disruption === 'kill 0' ? 0 : 1;
        await children[slot]!.kill('SIGKILL');
        children[slot] = await start();
      }
    }
    await writer.done;
    expect(writer.appended()).toBe(TOTAL);

    await settle(rig, TOTAL);
    for (const child of children) await child.kill('SIGKILL');
    expect(await rig.stored()).toBe(TOTAL);

    const { seen, lastVersion, outOfOrder } = await readBack(rig);
    expect(outOfOrder).toEqual([]);
    expect(seen.size).toBe(TOTAL);
    expect(lastVersion.size).toBe(STREAMS);
    expect([...lastVersion.values()].every((version) => version === PER_STREAM)).toBe(true);
  }, 150_000);
});
