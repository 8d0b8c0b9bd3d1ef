import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { percentile, round, type Bench, type Figure } from './bench.ts';
import type { DocumentContent, DocumentSignature } from '../../core/domain.ts';
import { createPublicKey, sign, verify } from 'node:crypto';
import { layOut, renderDocument } from '../documents/render.ts';
import { sampleKey } from '../documents/sample/office.ts';
import { sampleFamily, signContent } from '../documents/sample/family.ts';
import { qrMatrix } from '../documents/qr-draw.ts';
import { FONT_FILES } from '../documents/fonts.ts';
import { projectPath } from '../../core/project-root.ts';

/**
 * A 10-member KK rendered by the kiosk (pdfkit, fonts parsed once and subset per document, every font
 * embedded) against the same page as HTML printed to PDF by headless Chromium, in the same run.
 * Each side runs in its own processes so peak memory is that side's whole footprint: the Node
 * process that renders, and the Chromium process tree.
 */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];
// The source file, also when this runs from the bundle: the child process runs it through tsx.
const SELF = projectPath('kiosk', 'bench', 'kk-render.ts');

type Kk = Extract<DocumentContent, { type: 'kk' }>;
const kk = (): Kk => sampleFamily({ members: 10 });

const rssKb = (pid: number | 'self', field: 'VmRSS' | 'VmHWM'): number => {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0; // the process ended between listing and reading
  }
};

/** Runs in the child: renders `runs` KKs and prints timings and the process's peak RSS. */
async function pdfkitChild(runs: number): Promise<void> {
  // A different household every time, as at a kiosk: shaped words are cached across documents,
  // and repeating one family would only ever hit that cache.
  const households = Array.from({ length: 97 }, (_, i) => signContent(sampleFamily({ members: 10, seed: i + 1 })));
  let next = 0;
  const cpu: number[] = [];
  const once = async (): Promise<number> => {
    const { content, signature } = households[next++ % households.length] as (typeof households)[number];
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await renderDocument(content, signature);
    if (!r.ok) throw new Error(r.error.message);
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    return wall;
  };
  // The same page as it was before the content seal: a 170-character fields-only signature QR in
  // byte mode, checked by one Ed25519 verification over the six signed fields. Interleaved with
  // the sealed render so both see the same machine.
  const former = households.map(formerPackage);
  const formerOnce = async (): Promise<number> => {
    const f = former[next % former.length] as (typeof former)[number];
    const t0 = performance.now();
    if (!verify(null, f.signedBytes, f.publicKey, f.signatureBytes)) throw new Error('bug: the former signature does not verify');
    const r = await layOut(f.content, f.signature, AbortSignal.timeout(10_000));
    if (!r.ok) throw new Error(r.error.message);
    return performance.now() - t0;
  };
  const cold = await once();
  for (let i = 0; i < 5; i++) {
    await once();
    await formerOnce();
  }
  cpu.length = 0;
  const ms: number[] = [];
  const formerMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    ms.push(await once());
    formerMs.push(await formerOnce());
  }
  process.stdout.write(`${JSON.stringify({ cold, ms, formerMs, cpu, peakKb: rssKb('self', 'VmHWM') })}\n`);
}

const FORMER_KEY = sampleKey('adm-bench-former-signature');

/** A package signed the way documents were before the content seal: `ADM1:` and six fields. */
function formerPackage(p: { content: DocumentContent; signature: DocumentSignature }) {
  const f = p.signature.fields;
  const signedBytes = Buffer.from(['ADM1', f.type, f.number, f.nik, f.issuedOn, f.officeCode, f.keyId].join('\u001f'), 'utf8');
  const signatureBytes = sign(null, signedBytes, FORMER_KEY.privateKey);
  const qr = ['ADM1', f.type, f.number, f.nik, f.issuedOn, f.officeCode, f.keyId, signatureBytes.toString('base64url')].join(':');
  return { content: p.content, signature: { ...p.signature, seal: qr }, signedBytes, signatureBytes, publicKey: createPublicKey(FORMER_KEY.privateKey) };
}

type ChildResult = { cold: number; ms: number[]; formerMs: number[]; cpu: number[]; peakKb: number };
function runPdfkitChild(runs: number, signal: AbortSignal): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SELF, String(runs)], { env: { ...process.env, ADM_KK_BENCH_CHILD: '1' }, stdio: ['ignore', 'pipe', 'inherit'], signal });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as ChildResult) : reject(new Error(`pdfkit child exited ${String(code)}`))));
  });
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const dmy = (iso: string): string => iso.split('-').reverse().join('-');

/** The same KK as an HTML page: same fonts (embedded by Chromium), same tables, the QR as inline SVG. */
function kkHtml(c: Kk, qrText: string): string {
  const m = qrMatrix(qrText);
  let rects = '';
  for (let r = 0; r < m.size; r++) for (let col = 0; col < m.size; col++) if (m.dark(r, col)) rects += `<rect x="${col + 4}" y="${r + 4}" width="1" height="1"/>`;
  const a = c.family.address;
  const t1 = c.members.map((p, i) => `<tr><td>${i + 1}</td><td>${esc(p.name)}</td><td>${p.nik}</td><td>${p.sex}</td><td>${esc(p.birthPlace)}</td><td>${dmy(p.birthDate)}</td><td>${p.religion}</td><td>${esc(p.education)}</td><td>${esc(p.occupation)}</td><td>${p.bloodType}</td></tr>`).join('');
  const t2 = c.members.map((p, i) => `<tr><td>${i + 1}</td><td>${p.maritalStatus}</td><td>${p.marriageDate ? dmy(p.marriageDate) : '-'}</td><td>${p.relation}</td><td>${p.nationality}</td><td>${p.passportNo ?? '-'}</td><td>${p.kitapNo ?? '-'}</td><td>${esc(p.fatherName)}</td><td>${esc(p.motherName)}</td></tr>`).join('');
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><style>
@font-face{font-family:D;src:url(${pathToFileURL(FONT_FILES.regular).href})}
@font-face{font-family:D;font-weight:bold;src:url(${pathToFileURL(FONT_FILES.bold).href})}
@page{size:A4 landscape;margin:8.5mm}body{font-family:D;font-size:7pt;margin:0}h1{text-align:center;font-size:16pt;margin:0}h2{text-align:center;font-size:11pt;margin:0 0 6pt}
.hd{display:flex;gap:24pt;font-size:8.5pt}.hd div{flex:1}table{width:100%;border-collapse:collapse;margin-top:5pt}td,th{border:0.5pt solid #000;padding:1.5pt}th{background:#e8eef7;font-size:6.5pt}
.ft{display:flex;justify-content:space-between;margin-top:6pt}.sig{text-align:center;width:300pt}</style></head><body>
<h1>KARTU KELUARGA</h1><h2>No. ${c.family.kkNumber}</h2>
<div class="hd"><div>Nama Kepala Keluarga: <b>${esc(c.head.name)}</b><br>Alamat: <b>${esc(a.street)}</b><br>RT/RW: <b>${a.rt}/${a.rw}</b><br>Desa/Kelurahan: <b>${esc(a.village)}</b></div>
<div>Kecamatan: <b>${esc(a.district)}</b><br>Kabupaten/Kota: <b>${esc(a.regency)}</b><br>Kode Pos: <b>${a.postalCode}</b><br>Provinsi: <b>${esc(a.province)}</b></div></div>
<table><tr><th>No</th><th>Nama Lengkap</th><th>NIK</th><th>Jenis Kelamin</th><th>Tempat Lahir</th><th>Tanggal Lahir</th><th>Agama</th><th>Pendidikan</th><th>Jenis Pekerjaan</th><th>Golongan Darah</th></tr>${t1}</table>
<table><tr><th>No</th><th>Status Perkawinan</th><th>Tanggal Perkawinan</th><th>Status Hubungan Dalam Keluarga</th><th>Kewarganegaraan</th><th>No. Paspor</th><th>No. KITAP</th><th>Ayah</th><th>Ibu</th></tr>${t2}</table>
<div class="ft"><div>Dikeluarkan Tanggal : ${dmy(c.issuedOn)}</div><div><b>KEPALA KELUARGA</b><br><br><br><b>${esc(c.head.name)}</b></div>
<div class="sig">Dikeluarkan di ${esc(c.office.city)}<br><b>${esc(c.office.officialTitle)}</b><br><svg width="64pt" height="64pt" viewBox="0 0 ${m.size + 8} ${m.size + 8}">${rects}</svg><br><b>${esc(c.office.officialName)}</b><br>NIP. ${c.office.officialNip}</div></div></body></html>`;
}

/** Pids of a process and all its descendants, from /proc. */
function tree(root: number): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone already
    }
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const [pid, pp] of parent) if (pp === out[i]) out.push(pid);
  return out;
}

async function chromiumRuns(runs: number, signal: AbortSignal): Promise<{ ms: number[]; peakKb: number }> {
  const { chromium } = await import('playwright-core');
  const server = await chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const pid = server.process().pid;
  let peakKb = 0;
  const sample = (): void => {
    if (pid === undefined) return;
    peakKb = Math.max(peakKb, tree(pid).reduce((s, p) => s + rssKb(p, 'VmRSS'), 0));
  };
  const sampler = setInterval(sample, 25);
  try {
    const browser = await chromium.connect(server.wsEndpoint());
    const page = await browser.newPage();
    const { content, signature } = signContent(kk());
    const rendered = await renderDocument(content, signature);
    if (!rendered.ok) throw new Error(rendered.error.message);
    const html = kkHtml(content, rendered.value.qrText);
    const once = async (): Promise<number> => {
      const t0 = performance.now();
      await page.setContent(html, { waitUntil: 'load' });
      const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
      if (pdf.length < 1000) throw new Error('Chromium produced no PDF');
      sample();
      return performance.now() - t0;
    };
    for (let i = 0; i < 3; i++) await once();
    const ms: number[] = [];
    for (let i = 0; i < runs && !signal.aborted; i++) ms.push(await once());
    await browser.close();
    return { ms, peakKb };
  } finally {
    clearInterval(sampler);
    await server.close();
  }
}

export const kkRenderBench: Bench = {
  name: 'kk render',
  async run(ctx) {
    const notes: string[] = [];
    const runs = Math.max(20, Math.round(200 * ctx.scale));
    ctx.note(`pdfkit: ${runs} renders of a 10-member KK in a child process`);
    const kit = await runPdfkitChild(runs, ctx.signal);
    const kitP50 = percentile(kit.ms, 50);
    const kitMb = kit.peakKb / 1024;
    const figures: Figure[] = [
      { key: 'kk_render_ms_p50', value: round(kitP50), unit: 'ms', label: 'KK 10 members, pdfkit (all fonts embedded), median' },
      { key: 'kk_render_ms_p95', value: round(percentile(kit.ms, 95)), unit: 'ms', label: 'KK 10 members, pdfkit, p95' },
      {
        key: 'kk_render_former_ms_p50', value: round(percentile(kit.formerMs, 50)), unit: 'ms',
        label: 'the same KK as before the content seal (fields-only signature, 170-character QR), same run, median',
      },
      { key: 'kk_render_seal_ratio', value: round(kitP50 / percentile(kit.formerMs, 50), 2), unit: 'x', label: 'KK render with the content seal / as before, medians' },
      { key: 'kk_render_cpu_ms_p50', value: round(percentile(kit.cpu, 50)), unit: 'ms', label: 'KK 10 members, pdfkit, CPU time per render, median' },
      { key: 'kk_render_cold_ms', value: round(kit.cold), unit: 'ms', label: 'KK first render in a process (parses the fonts)' },
      { key: 'kk_render_peak_rss_mb', value: round(kitMb, 1), unit: 'MB', label: 'KK pdfkit: peak memory of the rendering process' },
    ];
    if (!existsSync(CHROMIUM)) {
      notes.push(`Chromium is not installed at ${CHROMIUM}: no side-by-side figures (Debian: apt-get install chromium)`);
    } else {
      const cruns = Math.max(8, Math.round(40 * ctx.scale));
      ctx.note(`chromium: ${cruns} HTML-to-PDF prints of the same KK`);
      const chr = await chromiumRuns(cruns, ctx.signal);
      const chrP50 = percentile(chr.ms, 50);
      const chrMb = chr.peakKb / 1024;
      figures.push(
        { key: 'kk_chromium_ms_p50', value: round(chrP50), unit: 'ms', label: 'KK 10 members, HTML printed by headless Chromium, median' },
        { key: 'kk_chromium_ms_p95', value: round(percentile(chr.ms, 95)), unit: 'ms', label: 'KK 10 members, headless Chromium, p95' },
        { key: 'kk_chromium_peak_rss_mb', value: round(chrMb, 1), unit: 'MB', label: 'KK Chromium: peak memory of the browser process tree' },
        { key: 'kk_render_speedup_x', value: round(chrP50 / kitP50, 1), unit: 'x', label: 'KK render: Chromium median / pdfkit median' },
        { key: 'kk_render_memory_ratio', value: round(kitMb / chrMb, 3), unit: 'ratio', label: 'KK render: pdfkit peak memory / Chromium peak memory' },
      );
    }
    return { figures, notes };
  },
};

if (process.env.ADM_KK_BENCH_CHILD === '1' && process.argv[1] === SELF) {
  await pdfkitChild(Number(process.argv[2] ?? 100));
}
