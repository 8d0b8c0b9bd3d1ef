import { describe, expect, it } from 'vitest';
import { logCatalog, logSections } from '../../kiosk/log/catalog.ts';

describe('log catalog', () => {
  it('declares every event once, with a dotted name, a level and a meaning', () => {
    const seen = new Map<string, number>();
    logSections.forEach((section, i) => {
      for (const name of Object.keys(section)) {
        expect(seen.has(name), `${name} is declared in two sections`).toBe(false);
        seen.set(name, i);
      }
    });
    expect(Object.keys(logCatalog).length).toBe(seen.size);
    for (const [name, spec] of Object.entries(logCatalog)) {
      expect(name).toMatch(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/);
      expect(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).toContain(spec.level);
      expect(spec.meaning.length, name).toBeGreaterThan(10);
    }
  });
});
