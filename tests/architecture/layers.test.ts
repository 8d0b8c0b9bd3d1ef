import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../core/project-root.ts';

/** Every TypeScript file under `dir` (relative to the project root). */
function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(join(PROJECT_ROOT, d))) {
      const p = join(d, name);
      if (statSync(join(PROJECT_ROOT, p)).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** The project files a source file imports (static, re-exported or dynamic), relative to the root. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(PROJECT_ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1] as string);
  return specs.map((s) => relative(PROJECT_ROOT, resolve(PROJECT_ROOT, dirname(file), s)));
}

const offending = (files: string[], forbidden: (target: string) => boolean) =>
  files.flatMap((f) => importsOf(f).filter(forbidden).map((t) => `${f} → ${t}`));

describe('the layers point one way', () => {
  it('core/ imports no layer above it', () => {
    expect(offending(sources('core'), (t) => /^(kiosk|devices|flows|scripts)\//.test(t))).toEqual([]);
  });

  it('devices/ and flows/ import nothing from kiosk/', () => {
    expect(offending([...sources('devices'), ...sources('flows')], (t) => t.startsWith('kiosk/') || t.startsWith('scripts/'))).toEqual([]);
  });

  it('devices/ does not import flows/, and flows/ does not import devices/', () => {
    expect(offending(sources('devices'), (t) => t.startsWith('flows/'))).toEqual([]);
    expect(offending(sources('flows'), (t) => t.startsWith('devices/'))).toEqual([]);
  });

  it('nothing below boot/ imports from boot/ (only the command line starts the kiosk)', () => {
    const below = [...sources('core'), ...sources('devices'), ...sources('flows'), ...sources('kiosk').filter((f) => !f.startsWith('kiosk/boot/') && !f.startsWith('kiosk/cli/'))];
    expect(offending(below, (t) => t.startsWith('kiosk/boot/'))).toEqual([]);
  });

  it('kiosk/ does not import the scripts', () => {
    expect(offending(sources('kiosk'), (t) => t.startsWith('scripts/'))).toEqual([]);
  });
});

describe('the shape of the house', () => {
  const CORE_FILES = ['types.ts', 'errors.ts', 'config.ts', 'driver.ts', 'simulator.ts', 'factory.ts'];

  it('every device folder has the same core files', () => {
    const classes = readdirSync(join(PROJECT_ROOT, 'devices')).filter((d) => d !== 'common' && statSync(join(PROJECT_ROOT, 'devices', d)).isDirectory());
    expect(classes.length).toBeGreaterThanOrEqual(5);
    const missing = classes.flatMap((c) => CORE_FILES.filter((f) => !readdirSync(join(PROJECT_ROOT, 'devices', c)).includes(f)).map((f) => `devices/${c}/${f}`));
    expect(missing).toEqual([]);
  });

  it('every device factory has the one signature: (config, deps) → Promise<CreatedDevice>', () => {
    for (const c of readdirSync(join(PROJECT_ROOT, 'devices')).filter((d) => d !== 'common')) {
      const text = readFileSync(join(PROJECT_ROOT, 'devices', c, 'factory.ts'), 'utf8');
      expect(text, c).toMatch(/export async function create\w+\(config: \w+Config, deps: \w+\): Promise<Created\w+>/);
      expect(text, c).toMatch(/CreatedDevice</);
    }
  });

  it('no file in flows/ is over 300 lines', () => {
    const long = sources('flows')
      .map((f) => ({ f, lines: readFileSync(join(PROJECT_ROOT, f), 'utf8').split('\n').length }))
      .filter((x) => x.lines > 300)
      .map((x) => `${x.f}: ${x.lines}`);
    expect(long).toEqual([]);
  });

  it('boot only builds and wires: no area is handed another after it was built, and building starts nothing', () => {
    const boot = sources('kiosk/boot');
    // A setter on a handle (provide, provideX, setX) would tie areas together after construction.
    const setters = boot.flatMap((f) => [...readFileSync(join(PROJECT_ROOT, f), 'utf8').matchAll(/\.(provide\w*|set[A-Z]\w*)\(/g)].map((m) => `${f}: ${m[1]}`));
    expect(setters).toEqual([]);
    // Activity begins in the area's start step, run by the lifecycle once every area is built.
    const startedAtBuild = boot.flatMap((f) =>
      readFileSync(join(PROJECT_ROOT, f), 'utf8')
        .split('\n')
        .filter((l) => /^\s{2}\w+(\.\w+)*\.(start|startPolling)\(\);/.test(l))
        .map((l) => `${f}: ${l.trim()}`),
    );
    expect(startedAtBuild).toEqual([]);
  });
});
