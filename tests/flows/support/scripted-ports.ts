import type {
  CardEvent,
  JourneyPorts,
  KioskStatus,
  PrintProgress,
} from '../../../flows/ports.ts';

/** One port call waiting for the test to answer it. */
export interface PendingCall {
  name: string;
  args: unknown[];
  signal: AbortSignal;
  onProgress?: (p: PrintProgress) => void;
  settled: boolean;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export const READY: KioskStatus = {
  outOfService: null,
  a4Printer: { ok: true },
  cardPrinter: { ok: true },
  receiptPrinter: { ok: true },
  cardReader: { ok: true },
  scanner: { ok: true },
};

/**
 * Ports whose every call stays pending until the test answers it, so a test decides each device
 * and registry outcome and the moment it arrives. Aborted calls are marked settled: the machine
 * has moved on and ignores them.
 */
export class ScriptedPorts implements JourneyPorts {
  calls: PendingCall[] = [];
  #kiosk: KioskStatus;
  #cardPresent = false;
  readonly #cardListeners = new Set<(e: CardEvent) => void>();
  readonly #kioskListeners = new Set<(s: KioskStatus) => void>();
  today_ = '2025-06-02';

  constructor(kiosk: KioskStatus = READY) {
    this.#kiosk = kiosk;
  }

  /** Back to a fresh world, so one machine built on these ports can run session after session. */
  reset(kiosk: KioskStatus = READY): void {
    for (const c of this.calls) c.settled = true;
    this.calls = [];
    this.#kiosk = kiosk;
    this.#cardPresent = false;
  }

  #call<T>(name: string, signal: AbortSignal, args: unknown[] = [], onProgress?: (p: PrintProgress) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const call: PendingCall = {
        name,
        args,
        signal,
        settled: false,
        resolve: (v) => {
          call.settled = true;
          resolve(v as T);
        },
        reject: (e) => {
          call.settled = true;
          reject(e);
        },
      };
      if (onProgress) call.onProgress = onProgress;
      signal.addEventListener('abort', () => (call.settled = true), { once: true });
      this.calls.push(call);
    });
  }

  /** The oldest unanswered call to `name`, or undefined. */
  pending(name: string): PendingCall | undefined {
    return this.calls.find((c) => c.name === name && !c.settled);
  }

  /** Answers the oldest unanswered call to `name`; throws when there is none (the machine did not ask). */
  answer(name: string, value: unknown): PendingCall {
    const call = this.pending(name);
    if (!call) throw new Error(`no pending ${name} call; pending: ${this.open().join(', ') || 'none'}`);
    call.resolve(value);
    return call;
  }

  fail(name: string, error: unknown): PendingCall {
    const call = this.pending(name);
    if (!call) throw new Error(`no pending ${name} call; pending: ${this.open().join(', ') || 'none'}`);
    call.reject(error);
    return call;
  }

  open(): string[] {
    return this.calls.filter((c) => !c.settled).map((c) => c.name);
  }

  setKiosk(status: KioskStatus): void {
    this.#kiosk = status;
    for (const l of this.#kioskListeners) l(status);
  }

  setCard(present: boolean): void {
    this.#cardPresent = present;
    for (const l of this.#cardListeners) l(present ? 'present' : 'removed');
  }

  readonly card = {
    watch: (listener: (e: CardEvent) => void) => {
      this.#cardListeners.add(listener);
      if (this.#cardPresent) listener('present');
      return () => this.#cardListeners.delete(listener);
    },
    read: (op: { signal: AbortSignal }) => this.#call<never>('card.read', op.signal),
    verifyFinger: (op: { signal: AbortSignal }) => this.#call<never>('card.verifyFinger', op.signal),
  };

  readonly scanner = { next: (op: { signal: AbortSignal; fresh: boolean }) => this.#call<never>('scanner.next', op.signal, [op.fresh]) };

  readonly registry = {
    findByNik: (nik: string, op: { signal: AbortSignal }) => this.#call<never>('registry.findByNik', op.signal, [nik]),
    signInWithPin: (nik: string, pin: string, op: { signal: AbortSignal }) => this.#call<never>('registry.signInWithPin', op.signal, [nik, pin]),
    signInWithQr: (text: string, op: { signal: AbortSignal }) => this.#call<never>('registry.signInWithQr', op.signal, [text]),
    listDocuments: (nik: string, today: string, op: { signal: AbortSignal }) => this.#call<never>('registry.listDocuments', op.signal, [nik, today]),
  };

  readonly printing = {
    claim: (req: unknown, op: { signal: AbortSignal }) => this.#call<never>('print.claim', op.signal, [req]),
    render: (h: unknown, op: { signal: AbortSignal }) => this.#call<never>('print.render', op.signal, [h]),
    submit: (h: unknown, op: { signal: AbortSignal }) => this.#call<never>('print.submit', op.signal, [h]),
    watch: (h: unknown, op: { signal: AbortSignal; onProgress(p: PrintProgress): void }) =>
      this.#call<never>('print.watch', op.signal, [h], op.onProgress),
    receipt: (r: unknown, op: { signal: AbortSignal }) => this.#call<never>('print.receipt', op.signal, [r]),
    reportNothingOut: (ledgerId: string, op: { signal: AbortSignal }) => this.#call<never>('print.reportNothingOut', op.signal, [ledgerId]),
  };

  readonly kiosk = {
    status: () => this.#kiosk,
    watch: (listener: (s: KioskStatus) => void) => {
      this.#kioskListeners.add(listener);
      listener(this.#kiosk);
      return () => this.#kioskListeners.delete(listener);
    },
  };

  today(): string {
    return this.today_;
  }
}

/** Lets promise callbacks and the actors' reactions to them run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise<void>((r) => setImmediate(r));
}
