import { err, ok, type Result } from '../../core/result.ts';

/**
 * NUT's network protocol (docs/devices/ups.md; upstream `docs/net-protocol.txt`): one command per
 * line, words separated by spaces, multi-word values in double quotes with `\"` and `\\` escaped.
 * upsd answers each command in order with one line (`VAR …`, `OK`, `ERR CODE`) or, for `LIST`,
 * a `BEGIN LIST …` / `END LIST …` block.
 */

/** IANA port of upsd. */
export const NUT_PORT = 3493;

/** upsd refuses lines this long; an answer longer than this is not from upsd. */
export const MAX_LINE = 4096;

/** The ERR codes upsd sends (net-protocol.txt, "Error responses"). */
export const NUT_ERRORS = [
  'ACCESS-DENIED',
  'UNKNOWN-UPS',
  'VAR-NOT-SUPPORTED',
  'CMD-NOT-SUPPORTED',
  'INVALID-ARGUMENT',
  'INSTCMD-FAILED',
  'SET-FAILED',
  'READONLY',
  'TOO-LONG',
  'FEATURE-NOT-SUPPORTED',
  'FEATURE-NOT-CONFIGURED',
  'ALREADY-SSL-MODE',
  'DRIVER-NOT-CONNECTED',
  'DATA-STALE',
  'ALREADY-LOGGED-IN',
  'INVALID-PASSWORD',
  'ALREADY-SET-PASSWORD',
  'INVALID-USERNAME',
  'ALREADY-SET-USERNAME',
  'USERNAME-REQUIRED',
  'PASSWORD-REQUIRED',
  'UNKNOWN-COMMAND',
  'INVALID-VALUE',
] as const;
export type NutErrorCode = (typeof NUT_ERRORS)[number];

const BARE = /^[A-Za-z0-9._:@/+-]+$/;

/** A value in quotes, as upsd writes every value (`VAR ups name "value"`). */
export function quoteValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** One word as the protocol writes it: bare when it can be, quoted otherwise. */
export function quoteWord(word: string): string {
  return BARE.test(word) ? word : quoteValue(word);
}

/** A command line, newline included. Words may not hold a line break (it would end the command). */
export function encodeCommand(words: readonly string[]): Result<string, string> {
  if (words.length === 0) return err('an empty command');
  for (const w of words) {
    if (/[\r\n\0]/.test(w)) return err('a word holds a line break or NUL');
    if (w.length === 0) return err('an empty word');
  }
  const line = words.map(quoteWord).join(' ');
  if (line.length >= MAX_LINE) return err(`the command is ${line.length} characters; upsd takes fewer than ${MAX_LINE}`);
  return ok(`${line}\n`);
}

/** Splits a line into words by the protocol's quoting rules. */
export function splitWords(line: string): Result<string[], string> {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '"') {
      let word = '';
      i++;
      let closed = false;
      while (i < line.length) {
        const d = line[i] as string;
        if (d === '\\') {
          const next = line[i + 1];
          if (next === undefined) return err('a backslash ends the line');
          word += next;
          i += 2;
          continue;
        }
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        word += d;
        i++;
      }
      if (!closed) return err('a quoted value is not closed');
      if (i < line.length && line[i] !== ' ' && line[i] !== '\t') return err('text follows a closing quote');
      words.push(word);
      continue;
    }
    let word = '';
    while (i < line.length && line[i] !== ' ' && line[i] !== '\t') {
      if (line[i] === '"') return err('a quote inside a bare word');
      word += line[i];
      i++;
    }
    words.push(word);
  }
  return ok(words);
}

/** One answer line from upsd, by its first word. */
export type NutLine =
  | { kind: 'ok'; text: string }
  | { kind: 'err'; code: string; extra: string[] }
  | { kind: 'var'; ups: string; name: string; value: string }
  | { kind: 'ups'; name: string; description: string }
  | { kind: 'begin'; list: string[] }
  | { kind: 'end'; list: string[] }
  | { kind: 'other'; words: string[] };

/** Control characters other than tab: never in upsd's answers. */
function hasControl(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
  }
  return false;
}

export function parseLine(line: string): Result<NutLine, string> {
  if (line.length === 0) return err('an empty line');
  if (line.length >= MAX_LINE) return err(`a line of ${line.length} characters`);
  if (hasControl(line)) return err('control characters in a line');
  const split = splitWords(line);
  if (!split.ok) return split;
  const w = split.value;
  const head = w[0];
  if (head === undefined) return err('a line of spaces');
  switch (head) {
    case 'OK':
      return ok({ kind: 'ok', text: w.slice(1).join(' ') });
    case 'ERR':
      if (w[1] === undefined) return err('ERR without a code');
      return ok({ kind: 'err', code: w[1], extra: w.slice(2) });
    case 'VAR':
      if (w.length !== 4) return err(`VAR with ${w.length - 1} words, expected 3 (ups, name, value)`);
      return ok({ kind: 'var', ups: w[1] as string, name: w[2] as string, value: w[3] as string });
    case 'UPS':
      if (w.length !== 3) return err(`UPS with ${w.length - 1} words, expected 2 (name, description)`);
      return ok({ kind: 'ups', name: w[1] as string, description: w[2] as string });
    case 'BEGIN':
    case 'END':
      if (w[1] !== 'LIST' || w.length < 3) return err(`${head} without LIST and its type`);
      return ok({ kind: head === 'BEGIN' ? 'begin' : 'end', list: w.slice(2) });
    default:
      return ok({ kind: 'other', words: w });
  }
}

// ── ups.status ─────────────────────────────────────────────────────────────────────────────────

/** What the UPS says of the power, from `ups.status`, `battery.charge` and `battery.runtime`. */
export interface PowerReading {
  /** The flags of `ups.status` as upsd gave them (OL, OB, LB, CHRG, RB, FSD…). */
  flags: string[];
  onLine: boolean;
  onBattery: boolean;
  /** The UPS itself says the battery is low (LB). */
  lowBattery: boolean;
  /** upsd's primary has called a forced shutdown (FSD). */
  forcedShutdown: boolean;
  /** The battery needs replacing (RB). */
  replaceBattery: boolean;
  /** 0–100, null when the UPS does not report it. */
  chargePct: number | null;
  /** Seconds of runtime left on battery, null when not reported. */
  runtimeS: number | null;
}

/** The variables every poll reads. */
export const POLLED_VARS = ['ups.status', 'battery.charge', 'battery.runtime'] as const;

/** Reads the three variables into a reading; a missing or nonsensical status is an error. */
export function powerReading(vars: ReadonlyMap<string, string>): Result<PowerReading, string> {
  const status = vars.get('ups.status');
  if (status === undefined) return err('the UPS reports no ups.status');
  const flags = status.split(/\s+/).filter(Boolean);
  if (flags.length === 0) return err('ups.status is empty');
  if (!flags.every((f) => /^[A-Z]{2,8}$/.test(f))) return err(`ups.status "${status.slice(0, 60)}" is not a list of status flags`);
  const has = (f: string) => flags.includes(f);
  if (has('OL') && has('OB')) return err('ups.status says both OL and OB');
  const charge = numberVar(vars, 'battery.charge', 0, 100);
  if (!charge.ok) return charge;
  const runtime = numberVar(vars, 'battery.runtime', 0, 10 * 24 * 3600);
  if (!runtime.ok) return runtime;
  return ok({
    flags,
    onLine: has('OL'),
    onBattery: has('OB'),
    lowBattery: has('LB'),
    forcedShutdown: has('FSD'),
    replaceBattery: has('RB'),
    chargePct: charge.value,
    runtimeS: runtime.value,
  });
}

function numberVar(vars: ReadonlyMap<string, string>, name: string, min: number, max: number): Result<number | null, string> {
  const raw = vars.get(name);
  if (raw === undefined) return ok(null);
  if (!/^-?\d+(\.\d+)?$/.test(raw.trim())) return err(`${name} "${raw.slice(0, 40)}" is not a number`);
  const n = Number(raw);
  if (n < min || n > max) return err(`${name} ${n} is outside ${min}–${max}`);
  return ok(n);
}
