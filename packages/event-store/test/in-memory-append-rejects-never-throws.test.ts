import { InMemoryEventStore, WrongExpectedVersionError } from '@factum/event-store';

// The in-memory append is not an async function (it waits for nothing): every refusal must still
// come as a rejected promise, never as a synchronous throw a caller's .catch would miss.
it('rejects bad input, a wrong expected version and a closed store, without throwing', async () => {
  const store = new InMemoryEventStore();
  await store.append('s-1', [{ type: 'T', data: 1 }]);
  const calls = [
    () => store.append('', [{ type: 'T', data: 1 }]),
    () => store.append('s-1', []),
    () => store.append('s-1', [{ type: 'T', data: undefined }]),
    () => store.append('s-1', [{ type: 'T', data: 2 }], { expectedVersion: 0 }),
  ];
  for (const call of calls) {
    let result: Promise<unknown> | undefined;
    expect(() => (result = call())).not.toThrow();
    await expect(result).rejects.toBeInstanceOf(Error);
  }
  await expect(calls[3]!()).rejects.toBeInstanceOf(WrongExpectedVersionError);
  await store.close();
  let closed: Promise<unknown> | undefined;
  expect(() => (closed = store.append('s-1', [{ type: 'T', data: 3 }]))).not.toThrow();
  await expect(closed).rejects.toThrow();
});
