import type { DoctorCheck } from './check.ts';

declare global {
  // Set by scripts/adm.js: whether this process runs the compiled bundle or the sources through tsx.
  var admRuntime: { kind: 'bundle' | 'sources'; detail: string } | undefined;
}

/** The compiled bundle starts in about half the time of the sources through tsx; a stale one is never used. */
export const runtimeCheck: DoctorCheck = {
  name: 'runtime',
  run() {
    const r = globalThis.admRuntime;
    if (r === undefined) return [{ status: 'ok', detail: 'running inside another program (not through the adm command)' }];
    if (r.kind === 'bundle') return [{ status: 'ok', detail: `compiled bundle ${r.detail}, built from the sources as they are` }];
    return [{ status: 'warn', detail: `TypeScript sources through tsx (${r.detail}); \`npm run build\` makes start faster and lighter` }];
  },
};
