import { createServer, type Server, type Socket } from 'node:net';
import { MAX_LINE, quoteValue, quoteWord, splitWords } from './protocol.ts';

/** How the simulated upsd misbehaves, for tests and the dev panel. */
export type UpsSimulatorFault = 'none' | 'garbage' | 'silent' | 'stale' | 'driver-gone';

export interface UpsSimulatorOptions {
  /** The UPS's name, as in ups.conf. */
  name?: string;
  description?: string;
  /** Users from upsd.users that may LOGIN: name → password. Without any, LOGIN is refused. */
  users?: Record<string, string>;
}

interface Client {
  username: string | null;
  password: string | null;
  loggedIn: boolean;
}

/**
 * upsd's side of NUT's network protocol on a loopback TCP port, with one simulated UPS: what
 * `npm start` reads and what quick tests drive. It answers LIST UPS, LIST VAR, GET VAR,
 * USERNAME/PASSWORD/LOGIN/LOGOUT, VER and NETVER as upsd 2.8 does, ERR codes included.
 */
export class UpsSimulator {
  readonly name: string;
  readonly #description: string;
  readonly #users: Record<string, string>;
  readonly #vars = new Map<string, string>();
  readonly #sockets = new Set<Socket>();
  #server: Server | null = null;
  #fault: UpsSimulatorFault = 'none';
  #commands = 0;
  #logins = 0;

  constructor(options: UpsSimulatorOptions = {}) {
    this.name = options.name ?? 'kioskups';
    this.#description = options.description ?? 'Simulated kiosk UPS';
    this.#users = options.users ?? {};
    this.set({
      'device.mfr': 'ADM Simulated',
      'device.model': 'Line-interactive 1500VA',
      'device.type': 'ups',
      'driver.name': 'adm-simulator',
      'ups.mfr': 'ADM Simulated',
      'ups.model': 'Line-interactive 1500VA',
      'ups.status': 'OL',
      'battery.charge': '100',
      'battery.runtime': '1800',
    });
  }

  /** Sets variables (a value of null removes one). */
  set(vars: Record<string, string | null>): void {
    for (const [k, v] of Object.entries(vars)) {
      if (v === null) this.#vars.delete(k);
      else this.#vars.set(k, v);
    }
  }

  /** Mains on or off, and the battery: the three facts a kiosk acts on. */
  power(p: { status: string; chargePct?: number; runtimeS?: number }): void {
    this.set({ 'ups.status': p.status, ...(p.chargePct !== undefined ? { 'battery.charge': String(p.chargePct) } : {}), ...(p.runtimeS !== undefined ? { 'battery.runtime': String(p.runtimeS) } : {}) });
  }

  fault(f: UpsSimulatorFault): void {
    this.#fault = f;
  }

  state(): { listening: boolean; port: number | null; clients: number; commands: number; logins: number; fault: UpsSimulatorFault; vars: Record<string, string> } {
    return { listening: this.#server !== null, port: this.port, clients: this.#sockets.size, commands: this.#commands, logins: this.#logins, fault: this.#fault, vars: Object.fromEntries(this.#vars) };
  }

  get port(): number | null {
    const a = this.#server?.address();
    return a && typeof a === 'object' ? a.port : null;
  }

  /** Listens on loopback (port 0: any free port); resolves with the port. */
  listen(port = 0, host = '127.0.0.1'): Promise<number> {
    const server = createServer((s) => this.#accept(s));
    this.#server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve(this.port as number);
      });
    });
  }

  /** Drops every client, as upsd does when it stops; `listen` again to come back. */
  async close(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    for (const s of this.#sockets) s.destroy();
    this.#sockets.clear();
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  #accept(socket: Socket): void {
    this.#sockets.add(socket);
    const client: Client = { username: null, password: null, loggedIn: false };
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        const answer = this.#answer(line, client);
        if (answer === null) continue;
        if (answer === 'close') {
          socket.end();
          return;
        }
        socket.write(answer);
      }
      if (buffer.length >= MAX_LINE) socket.write('ERR TOO-LONG\n');
    });
    socket.on('error', () => {});
    socket.on('close', () => this.#sockets.delete(socket));
  }

  /** The answer to one command line, newline included; null to say nothing, `close` to hang up. */
  #answer(line: string, client: Client): string | 'close' | null {
    this.#commands++;
    if (this.#fault === 'silent') return null;
    if (this.#fault === 'garbage') return '\u0001\u0002 VAR "unterminated\n';
    const split = splitWords(line);
    if (!split.ok || split.value.length === 0) return 'ERR UNKNOWN-COMMAND\n';
    const [cmd, sub, ...rest] = split.value;
    const upsErr = (ups: string | undefined): string | null => {
      if (ups === undefined) return 'ERR INVALID-ARGUMENT\n';
      if (ups !== this.name) return 'ERR UNKNOWN-UPS\n';
      if (this.#fault === 'driver-gone') return 'ERR DRIVER-NOT-CONNECTED\n';
      if (this.#fault === 'stale') return 'ERR DATA-STALE\n';
      return null;
    };
    switch (cmd) {
      case 'VER':
        return 'Network UPS Tools upsd 2.8.0 (ADM simulator)\n';
      case 'NETVER':
      case 'PROTVER':
        return '1.3\n';
      case 'USERNAME':
        if (sub === undefined) return 'ERR INVALID-ARGUMENT\n';
        if (client.username !== null) return 'ERR ALREADY-SET-USERNAME\n';
        client.username = sub;
        return 'OK\n';
      case 'PASSWORD':
        if (sub === undefined) return 'ERR INVALID-ARGUMENT\n';
        if (client.password !== null) return 'ERR ALREADY-SET-PASSWORD\n';
        client.password = sub;
        return 'OK\n';
      case 'LOGIN': {
        const e = upsErr(sub);
        if (e !== null && e !== 'ERR DATA-STALE\n') return e;
        if (client.loggedIn) return 'ERR ALREADY-LOGGED-IN\n';
        if (client.username === null) return 'ERR USERNAME-REQUIRED\n';
        if (client.password === null) return 'ERR PASSWORD-REQUIRED\n';
        if (this.#users[client.username] !== client.password) return 'ERR ACCESS-DENIED\n';
        client.loggedIn = true;
        this.#logins++;
        return 'OK\n';
      }
      case 'LOGOUT':
        return 'close';
      case 'LIST':
        if (sub === 'UPS') return `BEGIN LIST UPS\nUPS ${quoteWord(this.name)} ${quoteWord(this.#description)}\nEND LIST UPS\n`;
        if (sub === 'VAR') {
          const ups = rest[0];
          const e = upsErr(ups);
          if (e !== null) return e;
          const lines = [...this.#vars].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `VAR ${this.name} ${k} ${quoteValue(v)}\n`);
          return `BEGIN LIST VAR ${this.name}\n${lines.join('')}END LIST VAR ${this.name}\n`;
        }
        return 'ERR INVALID-ARGUMENT\n';
      case 'GET':
        if (sub === 'VAR') {
          const [ups, name] = rest;
          const e = upsErr(ups);
          if (e !== null) return e;
          if (name === undefined) return 'ERR INVALID-ARGUMENT\n';
          const v = this.#vars.get(name);
          if (v === undefined) return 'ERR VAR-NOT-SUPPORTED\n';
          return `VAR ${this.name} ${name} ${quoteValue(v)}\n`;
        }
        if (sub === 'UPSDESC') {
          const e = upsErr(rest[0]);
          return e ?? `UPSDESC ${this.name} ${quoteWord(this.#description)}\n`;
        }
        return 'ERR INVALID-ARGUMENT\n';
      default:
        return 'ERR UNKNOWN-COMMAND\n';
    }
  }
}
