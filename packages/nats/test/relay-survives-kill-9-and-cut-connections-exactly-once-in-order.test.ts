import type { Child } from './support/child-process';
import { DATABASE_URL } from './support/database';
import { openRelayCrashRig, readBack, settle, sleep, whilePublishing, writeCounters, type RelayCrashRig } from './support/relay-crash-rig';

const STREAMS = 50;
const PER_STREAM = 200;
const TOTAL = STREAMS * PER_STREAM;

// A child process cannot share an in-memory database: this test needs a server (DATABASE_URL; always set in CI).
(DATABASE_URL ? describe : describe.skip)('the relay to JetStream, killed and cut off while it publishes (PostgreSQL, NATS)', () => {
  let rig: RelayCrashRig;

  beforeAll(async () => {
    rig = await openRelayCrashRig('relay');
  });
  afterAll(() => rig?.close());

  it('delivers each of 10,000 events exactly once, in per-stream order, through 5 SIGKILLs and 3 cut connections', async () => {
    // The writer appends 10,000 events, ten at a time, round-robin over 50 streams, while the relay runs.
    const writer = writeCounters(rig.store, { streams: STREAMS, perStream: PER_STREAM, perAppend: 10, pauseMs: 1 });
    let child: Child = await rig.startRelay();
    // Each disruption waits for the relay to have published more since the last one, so every one lands mid-flight.
    // A cut follows a restart, when the relay is catching up with many messages in flight.
    const disruptions = ['kill', 'cut', 'kill', 'cut', 'kill', 'cut', 'kill', 'kill'] as const;
    let kills = 0;
    let cuts = 0;
    for (const disruption of disruptions) {
      await whilePublishing(rig, TOTAL);
      if (disruption === 'kill') {
        await child.kill('SIGKILL');
        kills++;
        child = await rig.startRelay();
      } else {
        rig.proxy.cut();
        cuts++;
        await sleep(300);
        rig.proxy.restore();
      }
    }
    expect({ kills, cuts }).toEqual({ kills: 5, cuts: 3 });
    await writer.done;
    expect(writer.appended()).toBe(TOTAL);

    await settle(rig, TOTAL);
    await child.kill('SIGKILL');
    expect(await rig.stored()).toBe(TOTAL);

    // A JetStream consumer reads the stream: each event once, and each Factum stream in order.
    const { seen, lastVersion, outOfOrder } = await readBack(rig, (message, streamId, version) => {
      expect(message.subject).toBe(`${rig.prefix}.${streamId}`);
      expect(message.json<{ n: number }>().n).toBe(version);
    });
    expect(outOfOrder).toEqual([]);
    expect(seen.size).toBe(TOTAL);
    expect([...lastVersion.values()].every((version) => version === PER_STREAM)).toBe(true);
  }, 150_000);
});
