import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../../core/project-root.ts';

/** The parts of a V8 `.cpuprofile` this reads. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { url: string; functionName: string; lineNumber: number; columnNumber: number }; children?: number[] }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * What stands in for the world outside the kiosk in simulator mode: the device simulators at the
 * far end of each wire, and the embedded registry (Dukcapil's backend). Everything else is the
 * kiosk runtime.
 */
const OUTSIDE = [
  /^devices\/[^/]+\/simulator\.ts$/,
  /^devices\/document-printer\/file-printer\.ts$/,
  /^devices\/receipt-printer\/(paper-render|escpos-parser)\.ts$/,
  /^devices\/common\/memory-cable\.ts$/,
  /^kiosk\/registry\/(embedded|seed)\//,
];

export interface Attribution {
  /** Main-thread CPU in kiosk code (and the libraries, GC and runtime it drives), ms. */
  runtimeMs: number;
  /** Main-thread CPU with a simulator or the embedded registry on the stack, ms. */
  outsideMs: number;
}

/** Maps a profile frame (file URL, zero-based line and column) to a source path relative to the app root. */
function sourceLocator(): (url: string, line: number, column: number) => string {
  const maps = new Map<string, SourceMap | null>();
  return (url, line, column) => {
    if (!url.startsWith('file://')) return url;
    const file = fileURLToPath(url);
    if (!file.endsWith('.js') || !file.includes('/dist/')) return relative(PROJECT_ROOT, file);
    let map = maps.get(file);
    if (map === undefined) {
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
      } catch {
        map = null;
      }
      maps.set(file, map);
    }
    const entry = map?.findEntry(line, column);
    const source = entry && 'originalSource' in entry ? entry.originalSource : undefined;
    return source ? relative(PROJECT_ROOT, resolve(dirname(file), source.replace(/^file:\/\//, ''))) : relative(PROJECT_ROOT, file);
  };
}

/**
 * Splits a profile's samples that fall inside `windows` (µs, the profile's monotonic clock, which
 * is `process.hrtime`'s) into runtime and outside CPU. A sample counts as outside when any frame
 * on its stack is outside code: a simulator called synchronously by the driver is the device's time.
 */
export function attributeCpu(profile: CpuProfile, windows: Array<[number, number]>): Attribution {
  const locate = sourceLocator();
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const outside = new Map<number, boolean>();
  const isOutside = (id: number): boolean => {
    const known = outside.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    const f = node?.callFrame;
    const here = f ? OUTSIDE.some((re) => re.test(locate(f.url, f.lineNumber, f.columnNumber))) : false;
    const up = parent.get(id);
    const answer = here || (up !== undefined && isOutside(up));
    outside.set(id, answer);
    return answer;
  };
  let t = profile.startTime;
  let runtimeUs = 0;
  let outsideUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (!windows.some(([a, b]) => t >= a && t <= b)) continue;
    const id = profile.samples[i] as number;
    if (byId.get(id)?.callFrame.functionName === '(idle)') continue;
    // A sample stands for the time since the previous one.
    if (isOutside(id)) outsideUs += delta;
    else runtimeUs += delta;
  }
  return { runtimeMs: runtimeUs / 1000, outsideMs: outsideUs / 1000 };
}
