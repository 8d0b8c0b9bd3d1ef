import type { KioskAddress } from '../topics.ts';

/** Messages between the load orchestrator and its worker processes (over the IPC channel). */
export type ToWorker =
  | {
      type: 'build';
      brokerUrl: string;
      kiosks: Array<KioskAddress & { district?: string }>;
      telemetryIntervalMs: number;
      alertCheckMs: number;
      /** Random prints and refills (default true). */
      drift?: boolean;
      reconnect?: { minMs: number; maxMs: number };
    }
  | { type: 'connect'; batch: number; batchGapMs: number }
  /** Each kiosk queues `events` events of `kind` (default `load.burst`) with data `{ i }`, in order. */
  | { type: 'burst'; events: number; kind?: string }
  /** Prints on one kiosk and/or sets its blanko count. */
  | { type: 'act'; kiosk: string; print?: { type: string; n: number }; blanko?: number }
  | { type: 'stop' };

export type FromWorker =
  | { type: 'built'; kiosks: number }
  /** `connected`: kiosks that were ever online; `online`: online now. Sent every 250 ms. */
  | { type: 'progress'; connected: number; online: number }
  | { type: 'connected'; connected: number }
  | { type: 'burst-queued'; events: number }
  | { type: 'acted'; kiosk: string }
  | { type: 'stopped' }
  | { type: 'error'; message: string };
