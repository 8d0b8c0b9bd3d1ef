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
  | { type: 'burst'; events: number }
  /** Prints on one kiosk and/or sets its blanko count. */
  | { type: 'act'; kiosk: string; print?: { type: string; n: number }; blanko?: number }
  | { type: 'stop' };

export type FromWorker =
  | { type: 'built'; kiosks: number }
  | { type: 'progress'; connected: number }
  | { type: 'connected'; connected: number }
  | { type: 'burst-queued'; events: number }
  | { type: 'acted'; kiosk: string }
  | { type: 'stopped' }
  | { type: 'error'; message: string };
