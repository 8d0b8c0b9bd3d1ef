import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Person } from '../../../core/domain.ts';
import { projectPath } from '../../../core/project-root.ts';
import { err, ok, type Result } from '../../../core/result.ts';
import type { FingerQuality, VirtualReaderFaults } from './virtual-reader.ts';

export type VirtualReaderState = { connected: boolean; cardPresent: boolean; samPresent: boolean; verifying: boolean; queuedFingers: number; requests: number };

export type ParentMessage =
  | { op: 'start'; port: number; fingerDelayMs: number; master: Uint8Array; trace: boolean }
  | { op: 'tapCard'; person: Person; uid: Uint8Array }
  | { op: 'tapForeignCard' }
  | { op: 'removeCard' }
  | { op: 'nextFinger'; quality: FingerQuality; times: number }
  | { op: 'setFaults'; faults: Partial<VirtualReaderFaults> }
  | { op: 'removeSam' }
  | { op: 'insertSam' }
  | { op: 'reset' }
  | { op: 'close' };

export type ChildMessage =
  | { op: 'state'; state: VirtualReaderState }
  | { op: 'trace'; slot: 'card' | 'sam'; direction: 'command' | 'response'; bytes: Uint8Array };

export interface VirtualReaderProcessOptions {
  /** vpcd's first slot port (the card); the SAM takes `port + 1`. */
  port: number;
  lookup(nik: string): Person | undefined;
  fingerDelayMs?: number;
  trace?: (slot: 'card' | 'sam', direction: 'command' | 'response', bytes: Uint8Array) => void;
}

const MAIN = projectPath('devices', 'card-reader', 'virtual', 'virtual-reader-main.ts');

/**
 * The virtual e-KTP reader (card slot and SAM slot on vpcd) in a process of its own, driven with
 * the same control API as the serial reader simulator: the dev panel and the tests tap cards,
 * queue fingers and set faults here. `state()` is the last state the process reported.
 */
export class VirtualReaderProcess {
  readonly #o: VirtualReaderProcessOptions;
  readonly #child: ChildProcess;
  #state: VirtualReaderState = { connected: false, cardPresent: false, samPresent: false, verifying: false, queuedFingers: 0, requests: 0 };
  #exited: Promise<void>;

  constructor(options: VirtualReaderProcessOptions) {
    this.#o = options;
    this.#child = fork(MAIN, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.#exited = new Promise((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.on('message', (raw) => {
      const m = raw as ChildMessage;
      if (m.op === 'state') this.#state = m.state;
      else this.#o.trace?.(m.slot, m.direction, m.bytes);
    });
    this.#send({ op: 'start', port: options.port, fingerDelayMs: options.fingerDelayMs ?? 150, master: randomBytes(32), trace: options.trace !== undefined });
  }

  #send(m: ParentMessage): void {
    if (this.#child.connected) this.#child.send(m);
  }

  /** Puts the e-KTP of the citizen with this NIK on the reader. */
  tapCard(nik: string): Result<{ uid: string }, 'unknownCitizen' | 'cardPresent'> {
    if (this.#state.cardPresent) return err('cardPresent');
    const person = this.#o.lookup(nik);
    if (!person) return err('unknownCitizen');
    const uid = Uint8Array.from([0x04, ...randomBytes(6)]);
    this.#state = { ...this.#state, cardPresent: true };
    this.#send({ op: 'tapCard', person, uid });
    return ok({ uid: Buffer.from(uid).toString('hex').toUpperCase() });
  }

  /** A bank card on the reader: it has no e-KTP application. */
  tapForeignCard(): Result<{ uid: string }, 'cardPresent'> {
    if (this.#state.cardPresent) return err('cardPresent');
    this.#state = { ...this.#state, cardPresent: true };
    this.#send({ op: 'tapForeignCard' });
    return ok({ uid: '' });
  }

  removeCard(): void {
    this.#state = { ...this.#state, cardPresent: false };
    this.#send({ op: 'removeCard' });
  }

  nextFinger(quality: FingerQuality, times = 1): void {
    this.#send({ op: 'nextFinger', quality, times });
  }

  setFaults(faults: Partial<VirtualReaderFaults>): void {
    this.#send({ op: 'setFaults', faults });
  }

  removeSam(): void {
    this.#send({ op: 'removeSam' });
  }

  insertSam(): void {
    this.#send({ op: 'insertSam' });
  }

  /** Card out, faults cleared, no fingers queued, the right SAM in its slot. */
  reset(): void {
    this.#state = { ...this.#state, cardPresent: false };
    this.#send({ op: 'reset' });
  }

  state(): VirtualReaderState {
    return this.#state;
  }

  async close(): Promise<void> {
    this.#send({ op: 'close' });
    const t = setTimeout(() => this.#child.kill('SIGKILL'), 3000);
    await this.#exited;
    clearTimeout(t);
  }
}
