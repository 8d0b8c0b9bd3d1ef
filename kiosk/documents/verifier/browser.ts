/**
 * The verifier page's script (bundled into one offline HTML file by page.ts): a clerk scans a
 * document's QR with a USB scanner in keyboard mode, or pastes its text; the seal is checked with
 * WebCrypto Ed25519 against the trust list the page carries (itself checked against the national
 * root key), and the sealed content is shown beside the verdict, in Bahasa Indonesia and English.
 */
import { sigStructure } from '../seal/cose.ts';
import { sealRows } from '../seal/rows.ts';
import { parseSealText, readPayload, SEAL_MAX_PAYLOAD } from '../seal/text.ts';
import { revocationBytes, trustedKeyBytes, trustedKeyFor, type TrustList } from '../../registry/trust-list-format.ts';
import { DOCUMENT_TITLES } from '../titles.ts';
import { numericDate } from '../format.ts';

declare const ADM_TRUST: { list: TrustList; rootPublicKey: string };

const b64 = (s: string): Uint8Array => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(s.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
const buf = (u: Uint8Array): ArrayBuffer => u.slice().buffer;
const importKey = (spkiB64: string) => crypto.subtle.importKey('spki', buf(b64(spkiB64)), { name: 'Ed25519' }, false, ['verify']);
const verifyEd = async (key: CryptoKey, sig: Uint8Array, data: Uint8Array) => crypto.subtle.verify({ name: 'Ed25519' }, key, buf(sig), buf(data));

async function inflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([buf(data)]).stream().pipeThrough(new DecompressionStream('deflate'));
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > SEAL_MAX_PAYLOAD) throw new Error('the payload inflates beyond its limit');
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The trust list's signatures, checked once when the page opens: a list nobody vouches for trusts nothing. */
async function checkedList(): Promise<TrustList | string> {
  const { list, rootPublicKey } = ADM_TRUST;
  const root = await importKey(rootPublicKey);
  for (const k of list.keys) if (!(await verifyEd(root, b64(k.signature), trustedKeyBytes(k)))) return `entry ${k.keyId}`;
  if (!(await verifyEd(root, b64(list.revocationSignature), revocationBytes(list.issuedOn, list.revoked)))) return 'revocations';
  return list;
}

export type Verdict =
  | { kind: 'genuine'; title: { id: string; en: string }; office: string; keyId: string; issuedOn: string; revision: number; rows: Array<{ path: string; label: string; value: string }> }
  | { kind: 'invalid' | 'revoked'; reason: string };

export async function verifyText(text: string, list: TrustList): Promise<Verdict> {
  const sign1 = parseSealText(text.trim());
  if (!sign1.ok) return { kind: 'invalid', reason: sign1.error.message };
  let inflated: Uint8Array;
  try {
    inflated = await inflate(sign1.value.payload);
  } catch (e) {
    return { kind: 'invalid', reason: `the payload does not inflate: ${(e as Error).message}` };
  }
  const payload = readPayload(inflated, sign1.value.kid);
  if (!payload.ok) return { kind: 'invalid', reason: payload.error.message };
  const p = payload.value;
  const key = trustedKeyFor(list, p);
  if (!key.ok) return { kind: key.error.code === 'revoked' ? 'revoked' : 'invalid', reason: key.error.message };
  const good = await verifyEd(await importKey(key.value.publicKey), sign1.value.signature, sigStructure(sign1.value.protectedBytes, sign1.value.payload));
  if (!good) return { kind: 'invalid', reason: 'the seal is not signed by the key it names' };
  return {
    kind: 'genuine', title: DOCUMENT_TITLES[p.type], office: `${key.value.officeName} (${key.value.officeCode})`, keyId: key.value.keyId,
    issuedOn: p.issuedOn, revision: p.revision, rows: sealRows(p).map((r) => ({ path: r.path, label: `${r.label.id} / ${r.label.en}`, value: r.value })),
  };
}

function el(tag: string, attrs: Record<string, string>, ...children: Array<Node | string>): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

function show(out: HTMLElement, v: Verdict): void {
  out.replaceChildren();
  if (v.kind !== 'genuine') {
    const head = v.kind === 'revoked' ? 'KUNCI DICABUT — TIDAK SAH / Key revoked — not valid' : 'TIDAK SAH / Not valid';
    out.append(el('p', { class: 'verdict bad', 'data-verdict': v.kind }, head), el('p', { 'data-testid': 'reason' }, v.reason));
    return;
  }
  out.append(
    el('p', { class: 'verdict good', 'data-verdict': 'genuine' }, `SAH — segel asli / Genuine seal: ${v.title.id} (${v.title.en})`),
    el('p', { 'data-testid': 'office' }, `Dinas / Office: ${v.office} — kunci / key ${v.keyId}`),
    el('p', { 'data-testid': 'as-issued' },
      `Sah sebagaimana diterbitkan pada ${numericDate(v.issuedOn)}, revisi ${v.revision}; status terkini tidak diperiksa (halaman ini bekerja tanpa jaringan). / ` +
      `Genuine as issued on ${v.issuedOn}, revision ${v.revision}; current status not checked (this page works offline).`),
    el('p', {}, 'Bandingkan isi di bawah dengan kertasnya: setiap perbedaan berarti dokumen diubah. / Compare the content below with the paper: any difference means the document was altered.'),
    el('table', { 'data-testid': 'sealed' }, ...v.rows.map((r) => el('tr', { 'data-path': r.path }, el('th', {}, r.label), el('td', {}, r.value)))),
  );
}

async function main(): Promise<void> {
  const input = document.getElementById('seal') as HTMLTextAreaElement;
  const out = document.getElementById('result') as HTMLElement;
  const list = await checkedList();
  if (typeof list === 'string') {
    out.replaceChildren(el('p', { class: 'verdict bad', 'data-verdict': 'no-trust' }, `Daftar kunci tidak sah (${list}) / The trust list is not valid (${list})`));
    return;
  }
  document.body.dataset.ready = 'true';
  const run = async () => {
    if (input.value.trim() === '') return;
    show(out, await verifyText(input.value, list));
    input.select();
  };
  // A USB scanner in keyboard mode types the text and presses Enter.
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void run();
    }
  });
  (document.getElementById('check') as HTMLButtonElement).addEventListener('click', () => void run());
  input.focus();
}

void main();
