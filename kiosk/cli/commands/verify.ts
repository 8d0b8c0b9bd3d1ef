import { existsSync, readFileSync } from 'node:fs';
import type { Command } from '../command.ts';
import type { Office } from '../../registry/types.ts';
import { qrTextFromPdf, scanQrCodes } from '../../documents/preview.ts';
import { parseQrPayload } from '../../documents/qr-payload.ts';
import { verifySignature } from '../../documents/verify.ts';
import { numericDate } from '../../documents/format.ts';
import { openConfiguredRegistry, option } from '../../documents/embedded-source.ts';
import type { EmbeddedRegistry } from '../../registry/embedded/embedded-registry.ts';

/** Exit codes: 0 genuine and current; 1 not genuine (malformed, unknown key, bad signature); 2 usage; 3 genuine but superseded. */
const EXIT = { valid: 0, invalid: 1, usage: 2, superseded: 3 } as const;

async function qrTextFrom(input: string): Promise<{ text: string; source: string } | { error: string }> {
  if (input === '-') return { text: readFileSync(0, 'utf8').trim(), source: 'standard input' };
  if (/\.pdf$/i.test(input) && existsSync(input)) {
    const text = qrTextFromPdf(readFileSync(input));
    return text === null ? { error: `${input} carries no ADM document signature` } : { text, source: `${input} (metadata)` };
  }
  if (/\.(png|jpe?g|pnm|ppm|pgm|tiff?)$/i.test(input) && existsSync(input)) {
    const codes = await scanQrCodes(input, AbortSignal.timeout(30_000));
    if (!codes.ok) return { error: codes.error.message };
    const ours = codes.value.find((c) => c.startsWith('ADM1:')) ?? codes.value[0] ?? '';
    return { text: ours, source: `${input} (QR code)` };
  }
  if (/\.(pdf|png|jpe?g|pnm|ppm|pgm|tiff?)$/i.test(input)) return { error: `no such file: ${input}` };
  return { text: input, source: 'QR text' };
}

function officesFromFile(path: string): Office[] {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error('expected a JSON array of offices');
  return parsed as Office[];
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: "check a document's QR signature offline and say what the document is (exit 0 genuine, non-zero not)",
  usage: '<FILE.pdf | IMAGE.png | QR text | -> [--config FILE | --registry FILE.sqlite | --offices OFFICES.json]',
  async run(argv) {
    const input = argv[0];
    if (input === undefined || input.startsWith('--')) {
      process.stderr.write(`usage: adm verify ${this.usage}\n`);
      return EXIT.usage;
    }
    const got = await qrTextFrom(input);
    if ('error' in got) {
      process.stderr.write(`adm verify: ${got.error}\n`);
      return EXIT.invalid;
    }
    const parsed = parseQrPayload(got.text);
    if (!parsed.ok) {
      process.stdout.write(`TIDAK SAH / NOT VALID: ${got.source} is not a well-formed ADM document signature (${parsed.error.field}: ${parsed.error.message})\n`);
      return EXIT.invalid;
    }

    let offices: Office[];
    let registry: EmbeddedRegistry | undefined;
    const officesFile = option(argv, '--offices');
    if (officesFile !== undefined) {
      try {
        offices = officesFromFile(officesFile);
      } catch (e) {
        process.stderr.write(`adm verify: cannot read ${officesFile}: ${(e as Error).message}\n`);
        return EXIT.usage;
      }
    } else {
      const opened = openConfiguredRegistry({ configFile: option(argv, '--config'), registryFile: option(argv, '--registry') });
      if (!opened.ok) {
        process.stderr.write(`adm verify: ${opened.error}\n  (or pass --offices FILE with the issuing offices' public keys)\n`);
        return EXIT.usage;
      }
      registry = opened.value;
      const list = await registry.offices();
      offices = list.ok ? list.value : [];
    }

    try {
      const verified = verifySignature(parsed.value, offices);
      if (!verified.ok) {
        process.stdout.write(`TIDAK SAH / NOT VALID: ${verified.error.message}\n`);
        return EXIT.invalid;
      }
      const { fields, office, title } = verified.value;
      const holder = registry?.findPerson(fields.nik)?.name;
      process.stdout.write(
        `SAH / VALID: ${title.id} (${title.en})\n` +
          `  Nomor      : ${fields.number}\n` +
          `  NIK        : ${fields.nik}${holder ? ` (${holder})` : ''}\n` +
          `  Diterbitkan: ${numericDate(fields.issuedOn)} oleh ${office.name}\n` +
          `  Kunci      : ${fields.keyId}\n`,
      );
      if (!registry) {
        process.stdout.write('  Status     : tidak diperiksa (tanpa registri) / not checked (no registry)\n');
        return EXIT.valid;
      }
      const verdict = await registry.verifyDocument(fields, parsed.value.signature);
      if (verdict.ok && verdict.value.status === 'superseded') {
        const by = verdict.value.supersededBy ? `, digantikan oleh ${verdict.value.supersededBy}` : '';
        process.stdout.write(`  Status     : TIDAK BERLAKU LAGI${by} / superseded: no longer in force\n`);
        return EXIT.superseded;
      }
      process.stdout.write(
        verdict.ok && verdict.value.status === 'active'
          ? '  Status     : AKTIF / active\n'
          : '  Status     : tidak diketahui registri / not known to this registry\n',
      );
      return EXIT.valid;
    } finally {
      await registry?.close();
    }
  },
};
