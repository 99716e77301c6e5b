import { runHelloDemo } from '../src/hello-demo';

it('opens an account, deposits twice, reads the balance back and is refused a stale write', async () => {
  const lines: string[] = [];
  const result = await runHelloDemo((line) => lines.push(line));
  expect(result).toEqual({ balance: 142, version: 3 });
  expect(lines).toEqual([
    '  v1 AccountOpened {"owner":"Ada"}',
    '  v2 MoneyDeposited {"amount":100}',
    '  v3 MoneyDeposited {"amount":42}',
    'account-ada is at version 3 with a balance of 142',
    'a stale write is refused: WRONG_EXPECTED_VERSION',
  ]);
});
