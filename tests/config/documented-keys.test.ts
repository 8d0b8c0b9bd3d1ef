import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../kiosk/config/schema.ts';

type JsonSchema = { type?: string; properties?: Record<string, JsonSchema>; anyOf?: JsonSchema[]; oneOf?: JsonSchema[] };

/** Every leaf key of the configuration, dotted. */
function leafKeys(s: JsonSchema, path = ''): string[] {
  if (s.properties) return Object.entries(s.properties).flatMap(([k, v]) => leafKeys(v, path ? `${path}.${k}` : k));
  const object = (s.anyOf ?? s.oneOf)?.find((x) => x.properties);
  if (object) return leafKeys(object, path);
  return [path];
}

describe('configuration reference', () => {
  it('lists every key the kiosk accepts in docs/configuration.md', () => {
    const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    const keys = leafKeys(z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema);
    expect(keys.length).toBeGreaterThan(50);
    expect(keys.filter((k) => !doc.includes(`| \`${k}\` |`))).toEqual([]);
  });
});
