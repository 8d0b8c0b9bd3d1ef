import { fork, type ChildProcess } from 'node:child_process';
import { projectPath } from '../../../core/project-root.ts';
import type { KioskAddress } from '../topics.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

/**
 * One worker process of the simulated fleet (worker.ts), seen from the process that drives it:
 * its kiosks each have their own MQTT connection, so killing the process cuts them all off the
 * way a power cut would (the broker publishes their wills).
 */
export class LoadWorker {
  readonly child: ChildProcess;
  connected = 0;
  /** Kiosks online now, as of the worker's last progress report (every 250 ms). */
  online = 0;
  built = false;
  ready = false;
  error: string | null = null;
  burstQueued = false;
  readonly #acted = new Set<string>();

  constructor(readonly kiosks: KioskAddress[]) {
    this.child = fork(projectPath('kiosk', 'fleet', 'load', 'worker.ts'), [], {
      execArgv: ['--import', import.meta.resolve('tsx')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (raw) => {
      const m = raw as FromWorker;
      if (m.type === 'built') this.built = true;
      else if (m.type === 'progress') {
        this.connected = m.connected;
        this.online = m.online;
      }
      else if (m.type === 'connected') {
        this.connected = m.connected;
        this.ready = true;
      } else if (m.type === 'burst-queued') this.burstQueued = true;
      else if (m.type === 'acted') this.#acted.add(m.kiosk);
      else if (m.type === 'error') this.error = m.message;
    });
    this.child.on('exit', (code, signal) => {
      if (!this.ready && this.error === null) this.error = `worker exited (${String(code ?? signal)}) before its kiosks connected`;
    });
  }

  /** A worker whose kiosks are all connected to the broker. */
  static async start(o: Omit<Extract<ToWorker, { type: 'build' }>, 'type'> & { signal: AbortSignal; batch?: number; batchGapMs?: number }): Promise<LoadWorker> {
    const { signal, batch, batchGapMs, ...build } = o;
    const w = new LoadWorker(build.kiosks);
    try {
      w.send({ type: 'build', ...build });
      await w.#until(() => w.built, signal);
      w.send({ type: 'connect', batch: batch ?? 20, batchGapMs: batchGapMs ?? 10 });
      await w.#until(() => w.ready, signal);
      return w;
    } catch (e) {
      await w.kill();
      throw e;
    }
  }

  async #until(check: () => boolean, signal: AbortSignal): Promise<void> {
    while (!check()) {
      if (this.error !== null) throw new Error(this.error);
      if (signal.aborted) throw new Error('aborted while the worker started');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  send(m: ToWorker): void {
    this.child.send(m);
  }

  /** Prints on one of this worker's kiosks and/or sets its blanko count; resolves when done. */
  async act(m: Omit<Extract<ToWorker, { type: 'act' }>, 'type'>, timeoutMs = 10_000): Promise<void> {
    this.#acted.delete(m.kiosk);
    this.send({ type: 'act', ...m });
    const deadline = Date.now() + timeoutMs;
    while (!this.#acted.has(m.kiosk)) {
      if (this.error !== null) throw new Error(this.error);
      if (Date.now() > deadline) throw new Error(`worker did not act on ${m.kiosk} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill('SIGKILL');
    return exited;
  }
}
