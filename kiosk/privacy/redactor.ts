import { maskNiksIn } from './nik-mask.ts';

/** Field names whose values are personal data whatever they hold. */
const PERSONAL_KEYS = new Set([
  'name', 'nama', 'fullname', 'full_name', 'citizenname', 'headname', 'fathername', 'mothername',
  'nama_ayah', 'nama_ibu', 'address', 'alamat', 'birthplace', 'placeofbirth', 'tempat_lahir', 'photo',
  'signature', 'fingerprint', 'minutiae', 'template', 'pin', 'loginpin', 'documentpin', 'phone', 'email',
]);

const REDACTED = '[redacted]';
const MAX_DEPTH = 8;

/**
 * Strips personal data from anything on its way to a log line: NIK-shaped numbers are masked
 * everywhere, personal fields are blanked by name, and strings the session registered (a citizen's
 * name once read from the card) are blanked wherever they appear, until the session forgets them.
 */
export class Redactor {
  readonly #known = new Map<string, number>();

  /** Registers a personal string (a name) to blank in every log line until `forget`. */
  remember(value: string): void {
    const v = value.trim();
    if (v.length < 3) return;
    this.#known.set(v, (this.#known.get(v) ?? 0) + 1);
  }

  forget(value: string): void {
    const v = value.trim();
    const n = this.#known.get(v);
    if (n === undefined) return;
    if (n <= 1) this.#known.delete(v);
    else this.#known.set(v, n - 1);
  }

  /** How many strings are currently registered; a session wipe brings it back to what it was. */
  get size(): number {
    return this.#known.size;
  }

  text(s: string): string {
    let out = maskNiksIn(s);
    for (const known of this.#known.keys()) {
      if (out.includes(known)) out = out.split(known).join(REDACTED);
      const upper = known.toUpperCase();
      if (upper !== known && out.includes(upper)) out = out.split(upper).join(REDACTED);
    }
    return out;
  }

  value(v: unknown, depth = 0): unknown {
    if (typeof v === 'string') return this.text(v);
    if (typeof v === 'number' || typeof v === 'bigint') {
      const s = String(v);
      return /^\d{16}$/.test(s) ? this.text(s) : v;
    }
    if (v === null || typeof v !== 'object') return v;
    if (depth >= MAX_DEPTH) return '[depth]';
    if (Buffer.isBuffer(v) || v instanceof Uint8Array) return `[${v.byteLength} bytes]`;
    if (v instanceof Error) {
      return { type: v.name, message: this.text(v.message), ...this.object(v as unknown as Record<string, unknown>, depth) };
    }
    if (Array.isArray(v)) return v.map((x) => this.value(x, depth + 1));
    return this.object(v as Record<string, unknown>, depth);
  }

  object(o: Record<string, unknown>, depth = 0): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(o)) {
      out[k] = PERSONAL_KEYS.has(k.toLowerCase()) && val !== undefined && val !== null ? REDACTED : this.value(val, depth + 1);
    }
    return out;
  }
}
