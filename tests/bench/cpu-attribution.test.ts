import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { attributeCpu, type CpuProfile } from '../../kiosk/bench/cpu-attribution.ts';
import { projectPath } from '../../core/project-root.ts';

const url = (...p: string[]) => pathToFileURL(projectPath(...p)).href;
const frame = (u: string, functionName = 'f') => ({ url: u, functionName, lineNumber: 0, columnNumber: 0 });

// root → flows (runtime) → card-reader simulator (outside) → pdfkit-like library; root → registry (outside); root → (idle)
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('', '(root)'), children: [2, 5, 6] },
    { id: 2, callFrame: frame(url('flows', 'session', 'session-machine.ts')), children: [3] },
    { id: 3, callFrame: frame(url('devices', 'card-reader', 'simulator.ts')), children: [4] },
    { id: 4, callFrame: frame(url('node_modules', 'x', 'index.js')) },
    { id: 5, callFrame: frame(url('kiosk', 'registry', 'embedded', 'registry.ts')) },
    { id: 6, callFrame: frame('', '(idle)') },
  ],
  startTime: 1000,
  // At 1010, 1020, … 1080 µs.
  samples: [2, 2, 4, 3, 5, 6, 2, 5],
  timeDeltas: [10, 10, 10, 10, 10, 10, 10, 10],
};

describe('CPU attribution of a profile', () => {
  it('counts a sample as outside when a simulator or the embedded registry is anywhere on its stack; idle is not CPU', () => {
    expect(attributeCpu(profile, [[0, 10_000]])).toEqual({ runtimeMs: 0.03, outsideMs: 0.04 });
  });

  it('takes only samples inside the windows', () => {
    expect(attributeCpu(profile, [[1005, 1025]])).toEqual({ runtimeMs: 0.02, outsideMs: 0 });
    expect(attributeCpu(profile, [[1025, 1045], [1075, 1085]])).toEqual({ runtimeMs: 0, outsideMs: 0.03 });
  });
});
