import type { DoctorCheck } from './check.ts';
import { runtimeInfo } from '../runtime.ts';

/** The compiled bundle starts in about half the time of the sources through tsx; a stale one is never used. */
export const runtimeCheck: DoctorCheck = {
  name: 'runtime',
  run() {
    const r = runtimeInfo();
    if (r.kind === 'embedded') return [{ status: 'ok', detail: r.detail }];
    if (r.kind === 'bundle') return [{ status: 'ok', detail: `compiled bundle ${r.detail}, built from the sources as they are` }];
    return [{ status: 'warn', detail: `TypeScript sources through tsx (${r.detail}); \`npm run build\` makes start faster and lighter` }];
  },
};
