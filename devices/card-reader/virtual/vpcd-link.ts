import { connect, type Socket } from 'node:net';

/**
 * The card's end of vsmartcard's vpcd socket protocol: the virtual reader driver inside pcscd
 * listens on a TCP port per slot and the card connects to it. Every message is a 2-byte
 * big-endian length and a payload; a 1-byte payload is a control code (power off, power on,
 * reset, ask for the ATR), anything longer is a command APDU that the card answers.
 */
export const VPCD_CTRL = { off: 0, on: 1, reset: 2, atr: 4 } as const;

export interface VpcdCard {
  atr(): Uint8Array;
  /** Power off, on or reset: the card forgets its session. */
  power(event: 'off' | 'on' | 'reset'): void;
  /** The response APDU (data and SW); undefined sends nothing back (a card that went mute). */
  apdu(command: Uint8Array): Uint8Array | undefined;
}

export interface VpcdLinkOptions {
  host?: string;
  port: number;
  card: VpcdCard;
  /** While inserted, a lost or refused connection (pcscd restarting) is retried this often. */
  retryMs?: number;
  /** Every command and response, for tests that check what crossed the wire. */
  trace?: (direction: 'command' | 'response', bytes: Uint8Array) => void;
}

/** A card in a vpcd slot: `insert()` connects (the reader sees a card), `remove()` disconnects. */
export class VpcdLink {
  readonly #o: VpcdLinkOptions;
  #socket: Socket | null = null;
  #inserted = false;
  #connected = false;
  #retry: NodeJS.Timeout | null = null;
  #pending = Buffer.alloc(0);

  constructor(options: VpcdLinkOptions) {
    this.#o = options;
  }

  get inserted(): boolean {
    return this.#inserted;
  }

  /** True while pcscd's driver holds the connection. */
  get connected(): boolean {
    return this.#connected;
  }

  insert(): void {
    if (this.#inserted) return;
    this.#inserted = true;
    this.#dial();
  }

  remove(): void {
    this.#inserted = false;
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = null;
    this.#socket?.destroy();
    this.#socket = null;
    this.#connected = false;
  }

  #dial(): void {
    const socket = connect({ host: this.#o.host ?? '127.0.0.1', port: this.#o.port });
    this.#socket = socket;
    this.#pending = Buffer.alloc(0);
    socket.setNoDelay(true);
    socket.on('connect', () => {
      this.#connected = true;
    });
    socket.on('data', (chunk) => this.#onData(socket, chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#connected = false;
      if (this.#inserted) this.#retry = setTimeout(() => this.#dial(), this.#o.retryMs ?? 200);
    });
  }

  #onData(socket: Socket, chunk: Buffer): void {
    this.#pending = Buffer.concat([this.#pending, chunk]);
    while (this.#pending.length >= 2) {
      const len = this.#pending.readUInt16BE(0);
      if (this.#pending.length < 2 + len) return;
      const msg = this.#pending.subarray(2, 2 + len);
      this.#pending = this.#pending.subarray(2 + len);
      const reply = this.#handle(msg);
      if (reply !== undefined && this.#socket === socket) {
        const head = Buffer.alloc(2);
        head.writeUInt16BE(reply.length);
        socket.write(Buffer.concat([head, reply]));
      }
    }
  }

  #handle(msg: Uint8Array): Uint8Array | undefined {
    const card = this.#o.card;
    if (msg.length === 1) {
      if (msg[0] === VPCD_CTRL.atr) return card.atr();
      if (msg[0] === VPCD_CTRL.off) card.power('off');
      else if (msg[0] === VPCD_CTRL.on) card.power('on');
      else if (msg[0] === VPCD_CTRL.reset) card.power('reset');
      return undefined;
    }
    this.#o.trace?.('command', msg);
    const reply = card.apdu(msg);
    if (reply) this.#o.trace?.('response', reply);
    return reply;
  }
}
