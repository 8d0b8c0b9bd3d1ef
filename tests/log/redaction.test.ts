import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../kiosk/log/logger.ts';
import { Redactor } from '../../kiosk/privacy/redactor.ts';
import { maskNik, nikRef } from '../../kiosk/privacy/nik-mask.ts';

const NIK = '3506124507900001';
const KK = '3506120101150003';
const NAME = 'Siti Rahayu Lestari';

async function capture(fn: (log: Awaited<ReturnType<typeof createLogger>>) => void): Promise<string> {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  const log = await createLogger({ level: 'trace', pretty: false, destination });
  fn(log);
  log.flush();
  return chunks.join('');
}

describe('log redaction', () => {
  it('masks a NIK in any field, nested or in free text, keeping region and serial', async () => {
    const out = await capture((log) => {
      log.event('journal.appended', { nik: NIK, nested: { list: [`citizen ${NIK} signed in`, Number(KK)] } });
      log.event('http.request_failed', { error: new Error(`registry said: no family for ${KK}`) });
    });
    expect(out).not.toContain(NIK);
    expect(out).not.toContain(KK);
    expect(out).toContain('3506********0001');
    expect(out).toContain('3506********0003');
    expect(out.trim().split('\n')).toHaveLength(2);
  });

  it('blanks fields that hold personal data whatever their value', async () => {
    const out = await capture((log) =>
      log.event('journal.appended', { name: NAME, motherName: 'Sumiati', address: { street: 'Jl. Mawar 3' }, pin: '123456', photo: Buffer.from('jpeg') }),
    );
    for (const leaked of [NAME, 'Sumiati', 'Jl. Mawar 3', '123456', 'jpeg']) expect(out).not.toContain(leaked);
    expect(out).toContain('[redacted]');
  });

  it('blanks a name the session registered wherever it appears, until the session forgets it', async () => {
    const redactor = new Redactor();
    const chunks: string[] = [];
    const destination = new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c.toString()), cb()) });
    const log = await createLogger({ level: 'info', pretty: false, destination, redactor });
    redactor.remember(NAME);
    log.event('http.request_failed', { error: `printer refused the job for ${NAME.toUpperCase()}`, reason: `hello ${NAME}` });
    redactor.forget(NAME);
    expect(redactor.size).toBe(0);
    expect(chunks.join('')).not.toContain(NAME);
    expect(chunks.join('')).not.toContain(NAME.toUpperCase());
  });

  it('leaves ordinary numbers and ids alone', async () => {
    const out = await capture((log) => log.event('store.migrated', { version: 2, path: '/var/lib/adm/kiosk.sqlite', jobId: 123456789012345 }));
    expect(out).toContain('"version":2');
    expect(out).toContain('123456789012345');
  });

  it('masks and hashes NIKs consistently for correlation', () => {
    expect(maskNik(NIK)).toBe('3506********0001');
    expect(nikRef(NIK, 'kiosk-secret')).toBe(nikRef(NIK, 'kiosk-secret'));
    expect(nikRef(NIK, 'kiosk-secret')).not.toBe(nikRef(NIK, 'other-secret'));
    expect(nikRef(NIK, 'kiosk-secret')).not.toContain(NIK.slice(4, 12));
  });
});
