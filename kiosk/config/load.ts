import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { configSchema, type KioskConfig } from './schema.ts';
import { err, ok, type Result } from '../../core/result.ts';

/** One problem with the configuration: which key, what value, what was expected. */
export interface ConfigProblem {
  key: string;
  value: string;
  expected: string;
  /** The file or environment variable the value came from. */
  source: string;
}

export interface LoadedConfig {
  config: KioskConfig;
  /** The file read, or null when the defaults alone were used. */
  file: string | null;
  /** Environment variables that overrode the file. */
  overrides: string[];
}

/** Environment variables that scripts and units rely on; each names the key it sets. */
export const ENV_OVERRIDES = {
  ADM_DATA_DIR: { key: ['dataDir'], parse: (v: string) => v },
  ADM_PORT: { key: ['http', 'port'], parse: (v: string) => (/^\d+$/.test(v) ? Number(v) : v) },
  ADM_MQTT_URL: { key: ['fleet', 'mqttUrl'], parse: (v: string) => v },
} as const;

export function formatProblem(p: ConfigProblem): string {
  return `config: ${p.key} = ${p.value} (from ${p.source}): expected ${p.expected}`;
}

function show(value: unknown): string {
  if (value === undefined) return '(missing)';
  const s = JSON.stringify(value);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur = input;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

function expectedOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `a value of type ${issue.expected}`;
    case 'unrecognized_keys':
      return `no key named ${issue.keys.join(', ')} (unknown key)`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'string' ? `at least ${String(issue.minimum)} characters` : `at least ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string' ? `at most ${String(issue.maximum)} characters` : `at most ${String(issue.maximum)}`;
    default:
      return issue.message;
  }
}

function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let cur = target;
  for (const [i, k] of path.entries()) {
    if (i === path.length - 1) {
      cur[k] = value;
      return;
    }
    const next = cur[k];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
}

/**
 * Reads the configuration: the file named by `ADM_CONFIG` (or `file`), then environment overrides,
 * then validation. Every problem is reported, not just the first.
 */
export function loadConfig(options: { file?: string; env?: NodeJS.ProcessEnv } = {}): Result<LoadedConfig, ConfigProblem[]> {
  const env = options.env ?? process.env;
  const file = options.file ?? (env.ADM_CONFIG || null);
  let raw: Record<string, unknown> = {};
  if (file !== null) {
    let text: string;
    try {
      text = readFileSync(resolve(file), 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      return err([{ key: '(file)', value: show(file), expected: `a readable JSON file (${code})`, source: 'ADM_CONFIG' }]);
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        return err([{ key: '(root)', value: show(parsed), expected: 'a JSON object', source: file }]);
      }
      raw = parsed as Record<string, unknown>;
    } catch (e) {
      return err([{ key: '(file)', value: show(file), expected: `valid JSON (${(e as Error).message})`, source: file }]);
    }
  }

  const sources = new Map<string, string>();
  const overrides: string[] = [];
  for (const [name, o] of Object.entries(ENV_OVERRIDES)) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    setAt(raw, o.key, o.parse(v));
    sources.set(o.key.join('.'), name);
    overrides.push(name);
  }

  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    return err(
      parsed.error.issues.map((issue) => {
        const key = issue.path.map(String).join('.') || '(root)';
        const keyWithUnknown = issue.code === 'unrecognized_keys' ? [key === '(root)' ? '' : key, issue.keys[0]].filter(Boolean).join('.') : key;
        const value = issue.code === 'unrecognized_keys' ? valueAt(raw, [...issue.path, issue.keys[0] ?? '']) : valueAt(raw, issue.path);
        return { key: keyWithUnknown, value: show(value), expected: expectedOf(issue), source: sources.get(key) ?? file ?? 'defaults' };
      }),
    );
  }
  return ok({ config: parsed.data, file, overrides });
}
