import { asciiDigits, maskNik, maskNiksIn, nikPattern } from '../../core/nik-mask.ts';

/**
 * Field names whose values are personal data whatever they hold, compared in lower case without
 * `_`, `-` or spaces (`birthDate`, `tanggal_lahir`, `Nama-Ibu` all match).
 */
const PERSONAL_KEYS = new Set([
  'name', 'nama', 'fullname', 'citizenname', 'headname', 'fathername', 'mothername', 'childname', 'namaayah', 'namaibu',
  'namalengkap', 'address', 'alamat', 'birthplace', 'placeofbirth', 'tempatlahir', 'birthdate', 'dateofbirth', 'dob',
  'tanggallahir', 'tgllahir', 'photo', 'signature', 'fingerprint', 'minutiae', 'template', 'pin', 'loginpin',
  'documentpin', 'phone', 'email',
]);

const REDACTED = '[redacted]';
// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included
const NOT_ASCII = /[^\u0000-\u007f]/;
const MAX_DEPTH = 8;

const keyForm = (k: string) => k.toLowerCase().replace(/[\s_-]/g, '');
/** What may stand between two letters of a name as someone typed it: spacing, dots, dashes. */
const LOOSE = String.raw`[\s._\-]*`;
// Only syntax characters may be escaped in a `u` pattern.
const escape = (ch: string) => ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** `scheme://user:password@`: credentials in a URL. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;
/** A URL's query (tokens, secrets) and fragment. */
const URL_QUERY = /\b([a-z][a-z0-9+.-]*:\/\/[^\s?#"'<>]*)[?#][^\s"'<>]*/gi;

/** A URL written to a log keeps where it points, not who signed in or what token it carried. */
export function maskUrls(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(URL_USERINFO, '$1***@').replace(URL_QUERY, '$1?***');
}

interface Known {
  count: number;
  /** The pattern's source: the NIK in any digits and separators, or the name in any case and spacing. */
  source: string;
  replacement: string;
}

/**
 * The one way personal data is taken out of anything the kiosk writes: log lines, journal rows,
 * audit rows, ledger notes, exports and fleet messages. NIK-shaped numbers are masked everywhere
 * (digits of any script, written in groups with spaces, dashes or dots), personal fields are
 * blanked by name, keys are cleaned like values, and strings the session registered (the names a
 * citizen's card and listing show, the citizen's NIK) are blanked wherever they appear, in any
 * case and spacing, until the session forgets them. URLs lose their credentials and query.
 */
export class Redactor {
  readonly #known = new Map<string, Known>();
  /** Every registered string in one pattern (one pass per text), rebuilt when the set changes. */
  #all: { pattern: RegExp; replacements: string[] } | null = null;

  /**
   * Registers a personal string to blank everywhere until `forget`: a name (matched in any case,
   * with any spacing between its letters) or a NIK (matched in any digits and separators).
   */
  remember(value: string): void {
    const k = this.#key(value);
    if (k === null) return;
    const had = this.#known.get(k);
    if (had) {
      had.count++;
      return;
    }
    const digits = /^\d{16}$/.test(k);
    const source = digits ? nikPattern(k) : [...k].map(escape).join(LOOSE);
    this.#known.set(k, { count: 1, source, replacement: digits ? maskNik(k) : REDACTED });
    this.#all = null;
  }

  forget(value: string): void {
    const k = this.#key(value);
    if (k === null) return;
    const n = this.#known.get(k);
    if (n === undefined) return;
    if (n.count <= 1) {
      this.#known.delete(k);
      this.#all = null;
    } else n.count--;
  }

  /** How many strings are currently registered; a session wipe brings it back to what it was. */
  get size(): number {
    return this.#known.size;
  }

  /** Forgets every registered string at once (a journey that crashed cannot say which it had). */
  forgetAll(): void {
    this.#known.clear();
    this.#all = null;
  }

  #compile(): { pattern: RegExp; replacements: string[] } {
    // Longest first, so a name that contains another is blanked whole.
    const known = [...this.#known.entries()].sort(([a], [b]) => b.length - a.length).map(([, k]) => k);
    return { pattern: new RegExp(known.map((k) => `(${k.source})`).join('|'), 'giu'), replacements: known.map((k) => k.replacement) };
  }

  #key(value: string): string | null {
    const compact = value.normalize('NFKC').replace(/[\s._-]/g, '').toLowerCase();
    if (compact.length < 3) return null;
    const digits = asciiDigits(value);
    return /^[\p{Nd}\s._-]+$/u.test(value) && digits.length === 16 ? digits : compact;
  }

  text(s: string): string {
    // Full-width letters and digits become their plain forms before anything is matched.
    let out = NOT_ASCII.test(s) ? s.normalize('NFKC') : s;
    if (this.#known.size > 0) {
      const all = (this.#all ??= this.#compile());
      out = out.replace(all.pattern, (...m: unknown[]) => {
        // The one group that matched says which registered string it was.
        const i = (m.slice(1, 1 + all.replacements.length) as Array<string | undefined>).findIndex((g) => g !== undefined);
        return all.replacements[i] ?? REDACTED;
      });
    }
    return maskNiksIn(maskUrls(out));
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
      // A NIK or a name used as a key is as personal as one used as a value.
      let key = this.text(k);
      for (let n = 2; key !== k && Object.hasOwn(out, key); n++) key = `${this.text(k)}#${n}`;
      out[key] = PERSONAL_KEYS.has(keyForm(k)) && val !== undefined && val !== null ? REDACTED : this.value(val, depth + 1);
    }
    return out;
  }
}
