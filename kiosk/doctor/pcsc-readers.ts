import { loadPcsc } from '../../devices/card-reader/pcsc/binding.ts';
import type { CheckOutcome } from './check.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();

/** Every reader (slot) pcscd presents, with whether a card is in it and its ATR: what a technician matches the config against. */
export async function pcscReaderList(): Promise<CheckOutcome[]> {
  const loaded = await loadPcsc();
  if (!loaded.ok) return [{ status: 'fail', detail: loaded.error }];
  const pcsc = loaded.value;
  let ctx;
  try {
    ctx = new pcsc.Context();
  } catch (e) {
    return [{ status: 'fail', detail: `pcscd does not answer: ${(e as Error).message} (install and start pcscd)` }];
  }
  try {
    const readers = ctx.listReaders();
    if (readers.length === 0) return [{ status: 'warn', detail: 'pcscd lists no readers (is the reader plugged in, and its CCID driver installed?)' }];
    return readers.map((r) => {
      const present = (r.state & pcsc.SCARD_STATE_PRESENT) !== 0;
      return { status: 'ok' as const, detail: `PC/SC slot "${r.name}": ${present ? `card present, ATR ${r.atr ? hex(r.atr) : 'unknown'}` : 'empty'}` };
    });
  } finally {
    ctx.close();
  }
}
