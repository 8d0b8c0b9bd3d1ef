import { once } from 'node:events';
import { CardReader } from '../../devices/card-reader/driver.ts';
import { PcscCardReader } from '../../devices/card-reader/pcsc/driver.ts';
import { admEktpProfile } from '../../devices/card-reader/profile/adm-ektp-profile.ts';
import { ReaderSimulator } from '../../devices/card-reader/simulator.ts';
import type { EktpReader } from '../../devices/card-reader/types.ts';
import { startPcscdHost } from '../../devices/card-reader/virtual/pcscd-host.ts';
import { VirtualReaderProcess } from '../../devices/card-reader/virtual/virtual-reader-process.ts';
import { ptyLink } from '../../devices/common/simulated-link.ts';
import { samplePhoto, sampleSignature } from '../documents/sample/images.ts';
import type { Person } from '../../core/domain.ts';
import { percentile, round, type Bench, type Figure } from './bench.ts';

const NIK = '3506124507900001';

async function citizen(): Promise<Person> {
  return {
    nik: NIK,
    name: 'SITI AMINAH',
    sex: 'PEREMPUAN',
    birthPlace: 'KEDIRI',
    birthDate: '1990-07-05',
    bloodType: 'O',
    religion: 'ISLAM',
    education: 'SLTA/SEDERAJAT',
    occupation: 'WIRASWASTA',
    maritalStatus: 'KAWIN',
    marriageDate: '2012-03-10',
    nationality: 'WNI',
    passportNo: null,
    kitapNo: null,
    fatherName: 'AHMAD',
    motherName: 'SUMINAH',
    address: { street: 'JL. MAWAR NO. 12', rt: '003', rw: '005', village: 'PARE', district: 'PARE', regency: 'KABUPATEN KEDIRI', province: 'JAWA TIMUR', postalCode: '64211', regionCode: '350612' },
    alive: true,
    photo: new Uint8Array(await samplePhoto()),
    signature: new Uint8Array(await sampleSignature()),
  };
}

interface Tapper {
  tapCard(nik: string): unknown;
  removeCard(): void;
}

/** Card put on the reader → identity read, `runs` times; the card is lifted (and seen gone) between runs. */
async function presentToIdentity(reader: EktpReader, hand: Tapper, runs: number, signal: AbortSignal): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs && !signal.aborted; i++) {
    if (reader.cardPresent) {
      const gone = once(reader as unknown as NodeJS.EventEmitter, 'cardRemoved', { signal });
      hand.removeCard();
      await gone;
    }
    const t0 = performance.now();
    const present = once(reader as unknown as NodeJS.EventEmitter, 'cardPresent', { signal });
    hand.tapCard(NIK);
    await present;
    const r = await reader.readIdentity(AbortSignal.any([signal, AbortSignal.timeout(60_000)]));
    if (!r.ok) throw new Error(`identity read failed: ${r.error.reason}: ${r.error.message}`);
    samples.push(performance.now() - t0);
  }
  hand.removeCard();
  return samples;
}

const common = { fingerprintAttempts: 3, operationTimeoutMs: 60_000, fingerprintTimeoutMs: 10_000, heartbeatMs: 60_000 };

async function serialSamples(person: Person, runs: number, signal: AbortSignal): Promise<number[]> {
  const sim = new ReaderSimulator({ lookup: (nik) => (nik === NIK ? person : undefined) });
  const link = await ptyLink('bench-reader', 115200, (ch) => sim.attach(ch));
  const reader = new CardReader({ ...common, mode: 'serial', open: (s) => link.open(s), ...(link.path ? { watchPath: link.path } : {}) });
  try {
    reader.start();
    if (!(await reader.waitConnected(AbortSignal.timeout(10_000)))) throw new Error('the serial reader did not connect');
    return await presentToIdentity(reader, sim, runs, signal);
  } finally {
    await reader.stop();
    sim.close();
    await link.close();
  }
}

async function pcscSamples(person: Person, runs: number, signal: AbortSignal): Promise<number[]> {
  const host = await startPcscdHost();
  process.env.PCSCLITE_CSOCK_NAME = host.socketPath;
  const virtual = new VirtualReaderProcess({ port: host.port, lookup: (nik) => (nik === NIK ? person : undefined) });
  const reader = new PcscCardReader({ ...common, cardReader: 'Virtual PCD 00 00', samReader: 'Virtual PCD 00 01', profile: admEktpProfile });
  try {
    reader.start();
    const until = Date.now() + 15_000;
    while (reader.status().device !== 'online') {
      if (Date.now() > until) throw new Error(`the PC/SC reader did not come online: ${reader.status().detail ?? reader.status().device}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return await presentToIdentity(reader, virtual, runs, signal);
  } finally {
    await reader.stop();
    await virtual.close();
    await host.stop();
  }
}

/**
 * The e-KTP reader: time from the card presented to the identity read (biodata, photo, signature),
 * over the serial frame protocol (the module simulator on a socat pty pair at 115200 baud) and over
 * PC/SC (pcscd with vpcd, the virtual e-KTP and SAM in their own process, profile adm-ektp-1 with
 * SAM authentication and secure messaging), in the same run.
 */
export const cardReadBench: Bench = {
  name: 'e-KTP read',
  async run(ctx) {
    const person = await citizen();
    const runs = Math.max(5, Math.round(20 * ctx.scale));
    // Each read over vpcd takes more than a second (see the note below): fewer of them.
    const pcscRuns = Math.max(3, Math.round(8 * ctx.scale));
    const figures: Figure[] = [];
    const notes: string[] = [];
    ctx.note(`e-KTP read: ${runs} cards presented on the serial reader, ${pcscRuns} over PC/SC`);
    let serialP50: number | null = null;
    try {
      const s = await serialSamples(person, runs, ctx.signal);
      serialP50 = percentile(s, 50);
      figures.push(
        { key: 'ektp_read_serial_ms_p50', value: round(serialP50, 1), unit: 'ms', label: 'e-KTP presented → identity read, serial reader (pty, 115200 baud), median' },
        { key: 'ektp_read_serial_ms_p95', value: round(percentile(s, 95), 1), unit: 'ms', label: 'e-KTP presented → identity read, serial reader, p95' },
      );
    } catch (e) {
      notes.push(`serial reader not measured: ${(e as Error).message}`);
    }
    try {
      const p = await pcscSamples(person, pcscRuns, ctx.signal);
      const p50 = percentile(p, 50);
      figures.push(
        { key: 'ektp_read_pcsc_ms_p50', value: round(p50, 1), unit: 'ms', label: 'e-KTP presented → identity read, PC/SC (pcscd + vpcd, SAM auth + secure messaging), median' },
        { key: 'ektp_read_pcsc_ms_p95', value: round(percentile(p, 95), 1), unit: 'ms', label: 'e-KTP presented → identity read, PC/SC, p95' },
      );
      if (serialP50 !== null) figures.push({ key: 'ektp_read_pcsc_vs_serial_ratio', value: round(p50 / serialP50), unit: 'x', label: 'PC/SC vs serial, medians (higher = serial faster)' });
      notes.push(
        'PC/SC here runs through vpcd: pcscd notices a card by polling its slot every 400 ms, and vpcd\'s TCP link to the virtual card meets delayed ACKs, about 40 ms per APDU (some 20 per read: selects, authentication, and an extended READ BINARY and SAM UNWRAP per 4 KB). A CCID reader on USB reports a card at once and answers an APDU in a few ms.',
      );
    } catch (e) {
      notes.push(`PC/SC reader not measured (needs pcscd, vsmartcard-vpcd and root): ${(e as Error).message}`);
    }
    return { figures, notes };
  },
};
