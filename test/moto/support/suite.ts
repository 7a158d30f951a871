import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import { Moto, type MotoOptions, motoUnavailable } from './moto.js';

const unavailable = motoUnavailable();
if (unavailable) {
  process.stderr.write(`end-to-end suite skipped: ${unavailable}\n`);
}

/**
 * A `describe` whose tests run against a moto server of its own, reset
 * before each test; skipped, with the reason on stderr, when moto is absent.
 * @example describeMoto('quarantine', (moto) => { it('isolates', async () => { ... moto().endpoint ... }) })
 */
export function describeMoto(
  name: string,
  body: (moto: () => Moto) => void,
  options: MotoOptions = {},
): void {
  describe.skipIf(unavailable !== undefined)(name, () => {
    let server: Moto | undefined;
    beforeAll(async () => {
      server = await Moto.start(options);
    }, 90_000);
    afterAll(async () => {
      await server?.stop();
    });
    beforeEach(async () => {
      await server?.reset();
    });
    body(() => {
      if (!server) throw new Error('moto is not running');
      return server;
    });
  });
}

/** Whether the suite runs its own `serve.py` (request log, faults), not a moto at PARRY_E2E_ENDPOINT. */
export const OWN_MOTO = !process.env.PARRY_E2E_ENDPOINT;

/** A test that needs `serve.py`'s request log or fault injection. */
export const itWithLog = it.skipIf(!OWN_MOTO);
