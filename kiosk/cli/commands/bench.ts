import type { Command } from '../command.ts';
import { benches } from '../../bench/benches.ts';
import type { Figure } from '../../bench/bench.ts';

export const benchCommand: Command = {
  name: 'bench',
  summary: 'run the benchmarks: medians, percentiles and ratios against the alternatives, measured in the same run',
  usage: '[--json] [--quick] [--only NAME]',
  async run(argv) {
    const json = argv.includes('--json');
    const scale = argv.includes('--quick') ? 0.2 : 1;
    const onlyIdx = argv.indexOf('--only');
    const only = onlyIdx >= 0 ? argv[onlyIdx + 1] : undefined;
    const figures: Figure[] = [];
    const notes: string[] = [];
    let failed = false;
    for (const bench of benches) {
      if (only !== undefined && !bench.name.includes(only)) continue;
      process.stderr.write(`bench: ${bench.name}...\n`);
      try {
        const r = await bench.run({ scale, signal: AbortSignal.timeout(30 * 60_000), note: (t) => process.stderr.write(`  ${t}\n`) });
        figures.push(...r.figures);
        notes.push(...(r.notes ?? []).map((n) => `${bench.name}: ${n}`));
      } catch (e) {
        failed = true;
        notes.push(`${bench.name}: failed: ${(e as Error).message}`);
      }
    }
    if (json) {
      process.stdout.write(`${JSON.stringify({ ...Object.fromEntries(figures.map((f) => [f.key, f.value])), notes })}\n`);
    } else {
      const w = Math.max(...figures.map((f) => f.label.length), 10);
      for (const f of figures) process.stdout.write(`${f.label.padEnd(w)}  ${String(f.value).padStart(10)} ${f.unit}   (${f.key})\n`);
      for (const n of notes) process.stdout.write(`note: ${n}\n`);
    }
    return failed ? 1 : 0;
  },
};
