import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../kiosk/log/logger.ts';
import { Redactor } from '../../kiosk/privacy/redactor.ts';
import { maskNik, nikRef } from '../../core/nik-mask.ts';

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

describe('redaction against forms an attacker or a hurried technician writes', () => {
  const CITIZEN = '3506141203849001';
  const spaced = '3506 1412 0384 9001';
  const dashed = '3506-1412-0384-9001';
  const dotted = '35.06.14.120384.9001';
  const fullWidth = '３５０６１４１２０３８４９００１';
  const forms = [CITIZEN, spaced, dashed, dotted, fullWidth];
  const leaks = (out: string) => {
    const digits = out.replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10)).replace(/[\s.\-_/]/g, '');
    return digits.includes(CITIZEN);
  };

  it('masks a NIK written in groups, with dashes or dots, or in full-width digits', () => {
    const r = new Redactor();
    for (const f of forms) {
      const out = r.text(`pak budi, nik ${f}, minta cetak ulang`);
      expect(leaks(out), out).toBe(false);
      expect(out).toContain('3506********9001');
    }
  });

  it('masks a NIK used as an object key, and keeps two such keys apart', () => {
    const out = JSON.stringify(new Redactor().object({ [CITIZEN]: 'printed', [spaced]: 'again', ok: 1 }));
    expect(leaks(out), out).toBe(false);
    expect(out).toContain('"ok":1');
  });

  it('blanks birth dates under their English and Indonesian field names', () => {
    const out = JSON.stringify(new Redactor().object({ birthDate: '1984-12-03', tanggalLahir: '1984-12-03', tanggal_lahir: '03-12-1984', 'Nama-Ibu': 'Sumiati' }));
    for (const leaked of ['1984-12-03', '03-12-1984', 'Sumiati']) expect(out).not.toContain(leaked);
  });

  it('blanks a registered name in any case and spacing, and a registered NIK however written', () => {
    const r = new Redactor();
    r.remember('Siti Rahayu Lestari');
    r.remember(CITIZEN);
    for (const written of ['siti rahayu lestari', 'SITI  RAHAYU\tLESTARI', 'SitiRahayuLestari', 'siti-rahayu-lestari', 'Ｓｉｔｉ Ｒａｈａｙｕ Ｌｅｓｔａｒｉ']) {
      const out = r.text(`untuk ${written}!`);
      expect(out.toLowerCase().replace(/[\s._-]/g, ''), written).not.toContain('sitirahayulestari');
    }
    // Glued to a longer number, the generic shape does not fit; the registered NIK still does.
    expect(leaks(r.text(`ref ${CITIZEN}77`))).toBe(false);
    r.forget('SITI RAHAYU LESTARI');
    r.forget(spaced);
    expect(r.size).toBe(0);
  });

  it('leaves dates, times and short numbers readable', () => {
    const r = new Redactor();
    expect(r.text('2026-11-23 09:00:00.123 job 42 of 7')).toBe('2026-11-23 09:00:00.123 job 42 of 7');
    expect(r.text('0812-3456-7890')).toBe('0812-3456-7890');
  });
});

describe('URLs in logs', () => {
  it('keep where they point, not the credentials or the token they carry', async () => {
    const out = await capture((log) => {
      log.event('registry.opened', { mode: 'http', url: 'https://kiosk:s3cr3t-pass@registry.dukcapil.example/api?token=tok-123#frag', mutualTls: false });
      log.event('http.request_failed', { error: new Error('connect to mqtts://ADM-1:hunter22@broker.example:8883 failed') });
    });
    for (const secret of ['s3cr3t-pass', 'tok-123', 'hunter22', 'frag']) expect(out).not.toContain(secret);
    expect(out).toContain('https://***@registry.dukcapil.example/api?***');
    expect(out).toContain('mqtts://***@broker.example:8883');
  });
});

describe('identifiers that only look like a NIK in parts', () => {
  it('leaves UUIDs and hashes whole, but not a NIK after a word', () => {
    const r = new Redactor();
    for (const id of ['12345678-1234-4234-abcd-123456789012', 'abcdef12-3456-7890-1234-567890123456', '5b0f1234-5678-4123-8123-123456789abc']) expect(r.text(`event ${id} sent`)).toBe(`event ${id} sent`);
    expect(r.text('nik-3506-1412-0384-9001')).toBe('nik-3506********9001');
    expect(r.text('kode-3506-1412-0384-9001')).toBe('kode-3506********9001');
  });
});
