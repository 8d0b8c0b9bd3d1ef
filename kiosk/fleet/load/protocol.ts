import type { KioskAddress } from '../topics.ts';

/** Messages between the load orchestrator and its worker processes (over the IPC channel). */
export type ToWorker =
  | { type: 'build'; brokerUrl: string; kiosks: KioskAddress[]; telemetryIntervalMs: number; alertCheckMs: number }
  | { type: 'connect'; batch: number; batchGapMs: number }
  | { type: 'burst'; events: number }
  | { type: 'stop' };

export type FromWorker =
  | { type: 'built'; kiosks: number }
  | { type: 'progress'; connected: number }
  | { type: 'connected'; connected: number }
  | { type: 'burst-queued'; events: number }
  | { type: 'stopped' }
  | { type: 'error'; message: string };
