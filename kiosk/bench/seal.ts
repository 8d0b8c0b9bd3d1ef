import QRCode from 'qrcode';
import { percentile, round, type Bench } from './bench.ts';
import { sealPayloadOf } from '../documents/seal/content-payload.ts';
import { makeSeal, openSeal, sealSignatureValid } from '../documents/seal/node-seal.ts';
import { qrMatrix, QR_ERROR_CORRECTION } from '../documents/qr-draw.ts';
import { sampleFamily, signContent } from '../documents/sample/family.ts';
import { SAMPLE_OFFICE, sampleKey } from '../documents/sample/office.ts';

/**
 * A ten-member KK's seal: building the payload from the content, CBOR, deflate, Ed25519 and the
 * base45 text (what the registry does), plus the QR matrix (what the renderer draws), for a
 * different household each time. And opening and verifying it, as `adm verify` does.
 */
export const sealBench: Bench = {
  name: 'kk seal',
  async run(ctx) {
    const key = sampleKey('adm-sample-office-3506').privateKey;
    const households = Array.from({ length: 97 }, (_, i) => signContent(sampleFamily({ members: 10, seed: i + 1 })));
    const runs = Math.max(200, Math.round(2000 * ctx.scale));
    ctx.note(`seal: ${runs} builds + signatures + QR matrices of a 10-member KK`);
    const build: number[] = [];
    const check: number[] = [];
    let chars = 0;
    for (let i = 0; i < runs + 50 && !ctx.signal.aborted; i++) {
      const h = households[i % households.length] as (typeof households)[number];
      const t0 = performance.now();
      const text = makeSeal(sealPayloadOf(h.content, h.signature.fields), key);
      qrMatrix(text);
      const t1 = performance.now();
      const opened = openSeal(text);
      if (!opened.ok || !sealSignatureValid(opened.value, SAMPLE_OFFICE.publicKey)) throw new Error('bug: the seal does not verify');
      const t2 = performance.now();
      if (i >= 50) {
        build.push(t1 - t0);
        check.push(t2 - t1);
      }
      chars = Math.max(chars, text.length);
    }
    const sample = households[0]?.signature.seal ?? '';
    const version = QRCode.create([{ data: sample, mode: 'alphanumeric' }], { errorCorrectionLevel: QR_ERROR_CORRECTION }).version;
    return {
      figures: [
        { key: 'kk_seal_build_sign_qr_ms_p50', value: round(percentile(build, 50), 3), unit: 'ms', label: 'KK 10 members: seal build + Ed25519 sign + QR matrix, median (target under 3 ms)' },
        { key: 'kk_seal_build_sign_qr_ms_p95', value: round(percentile(build, 95), 3), unit: 'ms', label: 'KK 10 members: seal build + sign + QR, p95' },
        { key: 'kk_seal_verify_ms_p50', value: round(percentile(check, 50), 3), unit: 'ms', label: 'KK 10 members: seal open + Ed25519 verify, median' },
        { key: 'kk_seal_chars_max', value: chars, unit: 'chars', label: `KK 10 members: longest seal text (QR alphanumeric; the sample's is version ${version}-${QR_ERROR_CORRECTION})` },
      ],
    };
  },
};
