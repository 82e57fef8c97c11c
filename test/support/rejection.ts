// The error a promise rejects with, checked to be of the expected class. `assert.rejects` checks
// it too but does not hand it back, and the tests go on to read its kind and message.
import assert from 'node:assert/strict';

export async function rejectionOf<E extends Error>(
  run: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  const err = await run.then(
    () => assert.fail(`expected the promise to reject with a ${type.name}`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof type, String(err));
  return err;
}
