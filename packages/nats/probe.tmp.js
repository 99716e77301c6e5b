const { connect } = require('@nats-io/transport-node');
const { jetstream, jetstreamManager } = require('@nats-io/jetstream');
(async () => {
  const nc = await connect({ servers: '127.0.0.1:4222' });
  const jsm = await jetstreamManager(nc);
  const name = 'probe19_' + Date.now();
  await jsm.streams.add({ name, subjects: [name + '.>'], duplicate_window: 120e9 });
  const js = jetstream(nc);
  for (const [n, chain, window] of [
    [5000, false, 5000],
    [5000, true, 5000],
    [20000, true, 1000],
    [20000, false, 1000],
  ]) {
    let t = Date.now();
    const errs = {};
    let inflight = 0;
    const all = [];
    const base = 'r' + n + chain + window + '_';
    for (let i = 0; i < n; i++) {
      while (inflight >= window) await new Promise((r) => setImmediate(r));
      inflight++;
      const p = js
        .publish(name + '.y', JSON.stringify({ i, some: 'payload data here' }), {
          msgID: base + i,
          expect: chain && i ? { lastMsgID: base + (i - 1) } : undefined,
        })
        .catch((e) => {
          errs[e.message] = (errs[e.message] || 0) + 1;
        })
        .finally(() => inflight--);
      all.push(p);
    }
    await Promise.all(all);
    console.log(n, 'chain', chain, 'window', window, Date.now() - t, 'ms', JSON.stringify(errs));
  }
  await jsm.streams.delete(name);
  await nc.close();
})();
