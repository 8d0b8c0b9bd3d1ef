import { err, ok, type Result } from '../../core/result.ts';
import type { SpeechError } from './errors.ts';

/**
 * What the kiosk will say aloud. The hall can hear a speaker and a headphone can be borrowed, so
 * speech never carries a NIK, a No. KK or a name: at most four digits in a row (the last four of a
 * NIK, a PIN length, a page count), however they are written — `3506 1412…`, `3-5-0-6`, full-width
 * digits, digit words in Bahasa Indonesia or English, `O` for zero — and no word of the signed-in
 * citizen's name, spelled out or not. This runs on the server for every clip, whoever asks.
 */

/** Digits a run may hold before it is refused. */
export const MAX_SPOKEN_DIGITS = 4;

const DIGIT_WORDS = new Set([
  'nol', 'kosong', 'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan',
  'zero', 'oh', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine',
]);
/** Words that stand for two or more digits: a number read as a number, not digit by digit. */
const MANY_DIGIT_WORDS = new Set([
  'sepuluh', 'sebelas', 'belas', 'puluh', 'seratus', 'ratus', 'seribu', 'ribu', 'juta', 'miliar', 'milyar', 'triliun',
  'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty', 'thirty',
  'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety', 'hundred', 'thousand', 'million', 'billion', 'trillion', 'double', 'triple',
]);
/** Letters that pass for digits next to digits (`32O1`, `35l6`). */
const LOOKALIKES = new Set(['o', 'l', 'i']);
/** Between two parts of one number: nothing but spaces and punctuation. */
const JOINER = /^[\s\p{P}\p{S}]*$/u;
const TOKEN = /\p{Nd}+|\p{L}+|[^\p{Nd}\p{L}]+/gu;

export interface PersonalData {
  /** Names of the citizen signed in now (any words of them are refused). */
  names: readonly string[];
}

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** The number of digits a token stands for, and whether it is only a lookalike letter. */
function digitWeight(token: string): { weight: number; weak: boolean } {
  if (/^\p{Nd}+$/u.test(token)) return { weight: [...token].length, weak: false };
  if (DIGIT_WORDS.has(token)) return { weight: 1, weak: false };
  if (MANY_DIGIT_WORDS.has(token)) return { weight: 2, weak: false };
  if (LOOKALIKES.has(token)) return { weight: 1, weak: true };
  return { weight: 0, weak: false };
}

function longestDigitRun(text: string): number {
  // Markup between digits (`3<break/>5`) is only a separator.
  const tokens = fold(text).replace(/<[^>]*>/g, ' ').match(TOKEN) ?? [];
  let best = 0;
  let run = 0;
  let strong = false;
  const close = () => {
    if (strong) best = Math.max(best, run);
    run = 0;
    strong = false;
  };
  for (const t of tokens) {
    if (JOINER.test(t)) continue;
    const { weight, weak } = digitWeight(t);
    if (weight === 0) {
      close();
      continue;
    }
    run += weight;
    if (!weak) strong = true;
  }
  close();
  return best;
}

/** Name words of three letters or more, folded; and neighbouring name words run together. */
function nameParts(names: readonly string[]): { words: Set<string>; whole: string[] } {
  const words = new Set<string>();
  const whole: string[] = [];
  for (const n of names) {
    const parts = fold(n).match(/\p{L}+/gu) ?? [];
    for (const p of parts) if (p.length >= 3) words.add(p);
    // Two or more name words run together: long and specific enough to look for inside other text.
    for (let i = 0; i + 1 < parts.length; i++) whole.push(parts[i]! + parts[i + 1]!);
  }
  return { words, whole };
}

function saysName(text: string, personal: PersonalData): string | null {
  const { words, whole } = nameParts(personal.names);
  if (words.size === 0) return null;
  const letters = fold(text).match(/\p{L}+/gu) ?? [];
  for (const w of letters) if (words.has(w)) return 'a word of the citizen\'s name';
  // Spelled out: "B U D I", "b-u-d-i" — runs of single letters read as one word.
  const spelled: string[] = [];
  let cur = '';
  for (const w of letters) {
    if (w.length === 1) cur += w;
    else {
      if (cur) spelled.push(cur);
      cur = '';
    }
  }
  if (cur) spelled.push(cur);
  for (const s of spelled) for (const w of words) if (s.includes(w)) return 'the citizen\'s name spelled out';
  const squashed = letters.join('');
  for (const n of whole) if (squashed.includes(n)) return 'the citizen\'s name run together';
  return null;
}

/** The text as it will be spoken, or why it must not be. */
export function checkSpeakable(text: string, personal: PersonalData, maxChars: number): Result<string, SpeechError> {
  const clean = text.normalize('NFKC').replace(/[\p{Cc}\p{Cf}]/gu, ' ').replace(/\s+/g, ' ').trim();
  if (clean.length === 0) return err({ code: 'badText', detail: 'empty' });
  if (clean.length > maxChars) return err({ code: 'badText', detail: `${clean.length} characters, at most ${maxChars}` });
  const digits = longestDigitRun(clean);
  if (digits > MAX_SPOKEN_DIGITS) return err({ code: 'personalData', detail: `a number of ${digits} or more digits (at most ${MAX_SPOKEN_DIGITS} may be spoken)` });
  const name = saysName(clean, personal);
  if (name) return err({ code: 'personalData', detail: name });
  return ok(clean);
}
