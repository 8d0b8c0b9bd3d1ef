import { existsSync, readFileSync } from 'node:fs';
import type { Command } from '../command.ts';
import { loadConfig } from '../../config/load.ts';
import { scanPdfQrCodes, scanQrCodes, qrTextFromPdf } from '../../documents/preview.ts';
import { openSeal } from '../../documents/seal/node-seal.ts';
import { SEAL_PREFIX } from '../../documents/seal/text.ts';
import { sealRows, type SealRow } from '../../documents/seal/rows.ts';
import { pageDiffersFromSeal } from '../../documents/seal/page-check.ts';
import { verifyOpenedSeal, type VerifiedSeal } from '../../documents/verify.ts';
import { numericDate } from '../../documents/format.ts';
import { openConfiguredRegistry } from '../embedded-registry.ts';
import { option } from '../command.ts';
import { HttpRegistry } from '../../registry/http/http-registry.ts';
import type { DocumentVerdict, Registry, RegistryError } from '../../../core/registry.ts';
import type { Result } from '../../../core/result.ts';
import type { Office } from '../../../core/domain.ts';
import { configuredTrust, loadTrustList, type TrustAnchor } from '../../registry/trust-list.ts';
import { TRUST_LIST_FORMAT, type TrustList } from '../../registry/trust-list-format.ts';
import { serveVerifier } from '../../documents/verifier/serve.ts';

/**
 * Exit codes: 0 genuine and current; 1 forged or invalid (malformed, key not trusted or revoked,
 * signature that does not match, a page that says something else than its seal); 2 usage;
 * 3 genuine but superseded; 4 genuine as issued, status not checked (no registry answered).
 */
export const VERIFY_EXIT = { current: 0, invalid: 1, usage: 2, superseded: 3, notChecked: 4 } as const;

async function sealTextFrom(input: string): Promise<{ text: string; source: string; pdf?: string } | { error: string }> {
  if (input === '-') return { text: readFileSync(0, 'utf8').trim(), source: 'standard input' };
  const isFile = existsSync(input);
  if (/\.pdf$/i.test(input) && isFile) {
    // What is printed counts: the QR read from the pages; the metadata only when no QR can be read.
    const scanned = await scanPdfQrCodes(input, { signal: AbortSignal.timeout(60_000) });
    const printed = scanned.ok ? scanned.value.find((c) => c.startsWith(SEAL_PREFIX)) : undefined;
    if (printed) return { text: printed, source: `${input} (QR code on the page)`, pdf: input };
    const meta = qrTextFromPdf(readFileSync(input));
    if (meta === null) return { error: `${input} carries no ADM document seal${scanned.ok ? '' : ` (${scanned.error.message})`}` };
    return { text: meta, source: `${input} (metadata)`, pdf: input };
  }
  if (/\.(png|jpe?g|pnm|ppm|pgm|tiff?)$/i.test(input) && isFile) {
    const codes = await scanQrCodes(input, AbortSignal.timeout(30_000));
    if (!codes.ok) return { error: codes.error.message };
    return { text: codes.value.find((c) => c.startsWith(SEAL_PREFIX)) ?? codes.value[0] ?? '', source: `${input} (QR code)` };
  }
  if (/\.(pdf|png|jpe?g|pnm|ppm|pgm|tiff?)$/i.test(input)) return { error: `no such file: ${input}` };
  return { text: input, source: 'QR text' };
}

/** `--offices FILE`: bare office keys (a JSON array of Office), not chained to the national root. */
function officesAsList(path: string): TrustList {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error('expected a JSON array of offices');
  const keys = (parsed as Office[]).map((o) => ({ officeCode: o.code, officeName: o.name, keyId: o.keyId, publicKey: o.publicKey, validFrom: '0000-01-01', validUntil: '9999-12-31', signature: '' }));
  return { format: TRUST_LIST_FORMAT, issuedOn: '0000-01-01', keys, revoked: [], revocationSignature: '' };
}

function trustFrom(argv: readonly string[]): { list: TrustList; rootPublicKey: string; note: string } | { error: string } {
  const officesFile = option(argv, '--offices');
  if (officesFile !== undefined) {
    try {
      return { list: officesAsList(officesFile), rootPublicKey: '', note: `keys from ${officesFile}, not checked against the national root` };
    } catch (e) {
      return { error: `cannot read ${officesFile}: ${(e as Error).message}` };
    }
  }
  const listFile = option(argv, '--trust-list');
  const root = option(argv, '--root-key');
  let anchor: Result<TrustAnchor, { message: string }>;
  if (listFile !== undefined) {
    anchor = root === undefined ? configuredTrust({ listFile }, process.cwd()) : loadTrustList(listFile, root);
  } else {
    const loaded = loadConfig(option(argv, '--config') === undefined ? {} : { file: option(argv, '--config') as string });
    if (!loaded.ok) return { error: 'the configuration does not load; pass --trust-list FILE --root-key KEY' };
    anchor = configuredTrust(loaded.value.config.trust, loaded.value.config.dataDir);
  }
  if (!anchor.ok) return { error: anchor.error.message };
  return { list: anchor.value.list, rootPublicKey: anchor.value.rootPublicKey, note: `trust list of ${anchor.value.list.issuedOn}, ${anchor.value.list.keys.length} office keys, ${anchor.value.list.revoked.length} revoked` };
}

/** The registry to ask about status: `--registry FILE`, `--registry-url URL`, or the configured embedded one if present; none with `--offline`. */
function registryFrom(argv: readonly string[]): { registry: Registry & { close?: () => Promise<void> }; name: string } | { none: string } {
  if (argv.includes('--offline')) return { none: 'offline' };
  const url = option(argv, '--registry-url');
  if (url !== undefined) return { registry: new HttpRegistry({ url }), name: url };
  const opened = openConfiguredRegistry({ configFile: option(argv, '--config'), registryFile: option(argv, '--registry') });
  if (!opened.ok) return { none: opened.error.split('\n')[0] ?? 'no registry' };
  return { registry: opened.value, name: 'embedded registry' };
}

const MEMBER = /^members\[(\d+)\]\.(\w+)$/;
const MEMBER_COLUMNS = [
  ['nik', 'NIK'], ['name', 'Nama / Name'], ['sex', 'JK / Sex'], ['birthPlace', 'Tempat lahir / Born in'], ['birthDate', 'Tgl lahir / Born on'],
  ['religion', 'Agama / Religion'], ['relation', 'Hubungan / Relation'], ['maritalStatus', 'Kawin / Marital'], ['fatherName', 'Ayah / Father'], ['motherName', 'Ibu / Mother'],
] as const;

/** The sealed rows: label and value, and a KK's members as one line each; `!` marks what the page does not print. */
function table(rows: readonly SealRow[], mark: ReadonlySet<string> = new Set()): string {
  const plain = rows.filter((r) => !MEMBER.test(r.path));
  const w = Math.max(...plain.map((r) => r.label.id.length + r.label.en.length + 3));
  const lines = plain.map((r) => `  ${mark.has(r.path) ? '!' : ' '} ${`${r.label.id} / ${r.label.en}`.padEnd(w)}  ${r.value}`);
  const members = new Map<number, Map<string, string>>();
  for (const r of rows) {
    const m = MEMBER.exec(r.path);
    if (!m) continue;
    const i = Number(m[1]);
    const cells = members.get(i) ?? new Map<string, string>();
    cells.set(m[2] ?? '', `${r.value}${mark.has(r.path) ? ' (!)' : ''}`);
    members.set(i, cells);
  }
  if (members.size === 0) return lines.join('\n');
  const grid = [['No', ...MEMBER_COLUMNS.map(([, h]) => h)], ...[...members].map(([i, cells]) => [String(i + 1), ...MEMBER_COLUMNS.map(([k]) => cells.get(k) ?? '')])];
  const widths = (grid[0] as string[]).map((_, c) => Math.max(...grid.map((row) => (row[c] ?? '').length)));
  const out = grid.map((row) => `    ${row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join(' | ')}`.trimEnd());
  return [...lines, '  Anggota keluarga / Family members:', ...out].join('\n');
}

function statusOf(verdict: Result<DocumentVerdict, RegistryError> | null, v: VerifiedSeal): { code: number; line: string } {
  const p = v.payload;
  const asIssued = `sah sebagaimana diterbitkan pada ${numericDate(p.issuedOn)}, revisi ${p.revision}; status tidak diperiksa / genuine as issued on ${p.issuedOn}, revision ${p.revision}; status not checked`;
  if (verdict === null) return { code: VERIFY_EXIT.notChecked, line: asIssued };
  if (!verdict.ok) return { code: VERIFY_EXIT.notChecked, line: `${asIssued} (registry: ${verdict.error.code})` };
  if (!verdict.value.signatureValid) return { code: VERIFY_EXIT.notChecked, line: `${asIssued} (the registry does not know this key)` };
  if (verdict.value.status === 'superseded') {
    const by = verdict.value.supersededBy ? `, digantikan oleh / replaced by ${verdict.value.supersededBy}` : '';
    return { code: VERIFY_EXIT.superseded, line: `TIDAK BERLAKU LAGI / SUPERSEDED: no longer in force${by}` };
  }
  if (verdict.value.status === 'active') return { code: VERIFY_EXIT.current, line: 'AKTIF / CURRENT' };
  return { code: VERIFY_EXIT.notChecked, line: `${asIssued} (tidak dikenal registri / not known to this registry)` };
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: "check a document's seal offline, show what it carries, compare a PDF's page with it (exit 0 current, 1 forged, 3 superseded, 4 status not checked)",
  usage:
    '<FILE.pdf | IMAGE.png | QR text | -> [--trust-list FILE [--root-key KEY] | --offices OFFICES.json | --config FILE] [--registry FILE.sqlite | --registry-url URL | --offline]\n' +
    '       adm verify --serve [--port P] [--host H] [--trust-list FILE --root-key KEY]   (the verifier page: one offline HTML file)',
  async run(argv) {
    if (argv.includes('--serve')) {
      const trust = trustFrom(argv);
      if ('error' in trust) {
        process.stderr.write(`adm verify: ${trust.error}\n`);
        return VERIFY_EXIT.usage;
      }
      if (trust.rootPublicKey === '') {
        process.stderr.write('adm verify --serve needs a trust list signed by the national root, not --offices\n');
        return VERIFY_EXIT.usage;
      }
      return serveVerifier(trust.list, trust.rootPublicKey, { port: Number(option(argv, '--port') ?? 0), host: option(argv, '--host') ?? '127.0.0.1', out: option(argv, '--out') });
    }
    const input = argv[0];
    if (input === undefined || input.startsWith('--')) {
      process.stderr.write(`usage: adm verify ${this.usage}\n`);
      return VERIFY_EXIT.usage;
    }
    const trust = trustFrom(argv);
    if ('error' in trust) {
      process.stderr.write(`adm verify: ${trust.error}\n`);
      return VERIFY_EXIT.usage;
    }
    const got = await sealTextFrom(input);
    if ('error' in got) {
      process.stderr.write(`adm verify: ${got.error}\n`);
      return VERIFY_EXIT.invalid;
    }
    const opened = openSeal(got.text);
    if (!opened.ok) {
      process.stdout.write(`TIDAK SAH / NOT VALID: ${got.source} is not a well-formed ADM document seal (${opened.error.field}: ${opened.error.message})\n`);
      return VERIFY_EXIT.invalid;
    }
    const verified = verifyOpenedSeal(opened.value, trust.list);
    if (!verified.ok) {
      process.stdout.write(`TIDAK SAH / NOT VALID (${verified.error.code}): ${verified.error.message}\n`);
      return VERIFY_EXIT.invalid;
    }
    const v = verified.value;
    const rows = sealRows(v.payload);
    let differs: SealRow[] = [];
    if (got.pdf) {
      const d = await pageDiffersFromSeal(got.pdf, v.payload, AbortSignal.timeout(30_000));
      if (!d.ok) {
        process.stderr.write(`adm verify: cannot read the page text: ${d.error.message}\n`);
        return VERIFY_EXIT.invalid;
      }
      differs = d.value;
    }
    process.stdout.write(
      `${differs.length > 0 ? 'SEGEL SAH, HALAMAN DIUBAH / GENUINE SEAL, ALTERED PAGE' : 'SEGEL SAH / GENUINE SEAL'}: ${v.title.id} (${v.title.en})\n` +
        `  Dinas / Office : ${v.key.officeName} (${v.key.officeCode})\n` +
        `  Kunci / Key    : ${v.key.keyId} (${trust.note})\n` +
        `  Sumber / Read  : ${got.source}\n` +
        `  Isi yang disegel / Sealed content:\n${table(rows, new Set(differs.map((r) => r.path)))}\n`,
    );
    if (differs.length > 0) {
      process.stdout.write(`TIDAK SAH / NOT VALID: the page does not print what the seal carries:\n`);
      for (const r of differs) process.stdout.write(`  ${r.path} (${r.label.id} / ${r.label.en}): sealed "${r.value}"\n`);
      return VERIFY_EXIT.invalid;
    }
    const reg = registryFrom(argv);
    let verdict: Result<DocumentVerdict, RegistryError> | null = null;
    if ('registry' in reg) {
      try {
        verdict = (await reg.registry.verifyDocument?.(got.text, { signal: AbortSignal.timeout(10_000) })) ?? null;
      } finally {
        await reg.registry.close?.();
      }
    }
    const status = statusOf(verdict, v);
    process.stdout.write(`  Status         : ${status.line}${'none' in reg ? ` [${reg.none}]` : ''}\n`);
    return status.code;
  },
};
