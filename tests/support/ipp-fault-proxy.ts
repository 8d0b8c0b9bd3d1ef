import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import ipp, { type IppGroup } from 'ipp';

/*
 * A fault-injecting IPP proxy in front of a real printer (ippeveprinter): the kiosk's driver talks to
 * the proxy as to a printer, the proxy forwards every request and plays the faults real printers and
 * networks show. Each rule matches an IPP operation and fires a number of times:
 * - `drop-answer`: forward the request, let the printer act on it, then reset the connection instead
 *   of answering (the answer to Print-Job is lost after the job was taken);
 * - `reset`: reset the connection without forwarding (the printer never saw the request);
 * - `delay`: hold the answer for `ms` before sending it (a slow poll, a busy printer);
 * - `hide-completed`: a printer that keeps no finished-job history: Get-Jobs lists no finished job
 *   and Get-Job-Attributes of a finished job answers not-found;
 * - `strip-sheets`: a printer (a card printer) that reports no sheet counts on its jobs;
 * - `hide-other-users`: a printer that lists other users' jobs without their names, as CUPS does
 *   for privacy: Get-Jobs without `requesting-user-name` equal to `user` sees blank job names.
 */

export type FaultAction = 'drop-answer' | 'reset' | 'delay' | 'hide-completed' | 'strip-sheets' | 'hide-other-users';

export interface FaultRule {
  /** IPP operation name (`Print-Job`, `Get-Jobs`, `Get-Job-Attributes`…) or `*`. */
  op: string;
  action: FaultAction;
  /** How many matching requests it applies to; Infinity for always. */
  times: number;
  /** For `delay`. */
  ms?: number;
  /** For `hide-other-users`: the user whose jobs stay named. */
  user?: string;
}

export interface IppFaultProxy {
  /** `ipp://localhost:<port>/ipp/print`: what the kiosk is configured with. */
  readonly uri: string;
  readonly port: number;
  add(rule: FaultRule): void;
  clear(): void;
  /** Points the proxy at another printer (the same one restarted on a new port). */
  setUpstream(uri: string): void;
  /** Operations seen, in order, with the requesting user when one was sent. */
  readonly seen: Array<{ op: string; user: string | null; whichJobs: string | null; fault: FaultAction | null }>;
  close(): Promise<void>;
}

/*
 * Answers are edited at the byte level, so every attribute the proxy does not touch goes back exactly
 * as the printer wrote it (npm `ipp` can only write the attributes it knows, one group per tag).
 */
interface RawAttribute {
  name: string;
  /** Every record of the attribute: its first value, additional values, collection members. */
  raw: Buffer;
  /** The first value's bytes. */
  value: Buffer;
}
interface RawGroup {
  tag: number;
  attributes: RawAttribute[];
}
interface RawMessage {
  head: Buffer;
  groups: RawGroup[];
  data: Buffer;
}

const JOB_GROUP = 0x02;
const END = 0x03;
const FINAL_STATES = new Set([7, 8, 9]);

function parseRaw(buf: Buffer): RawMessage {
  const groups: RawGroup[] = [];
  let at = 8;
  for (;;) {
    const tag = buf.readUInt8(at);
    if (tag === END) return { head: buf.subarray(0, 8), groups, data: buf.subarray(at + 1) };
    if (tag <= 0x0f) {
      groups.push({ tag, attributes: [] });
      at += 1;
      continue;
    }
    const start = at;
    const nameLength = buf.readUInt16BE(at + 1);
    const name = buf.toString('utf8', at + 3, at + 3 + nameLength);
    const valueLength = buf.readUInt16BE(at + 3 + nameLength);
    const value = buf.subarray(at + 5 + nameLength, at + 5 + nameLength + valueLength);
    at += 5 + nameLength + valueLength;
    const group = groups[groups.length - 1];
    if (!group) throw new Error('attribute before any group');
    const last = group.attributes[group.attributes.length - 1];
    if (nameLength === 0 && last) last.raw = Buffer.concat([last.raw, buf.subarray(start, at)]);
    else group.attributes.push({ name, raw: buf.subarray(start, at), value });
  }
}

function writeRaw(m: RawMessage): Buffer {
  return Buffer.concat([m.head, ...m.groups.flatMap((g) => [Buffer.from([g.tag]), ...g.attributes.map((a) => a.raw)]), Buffer.from([END]), m.data]);
}

const jobState = (g: RawGroup): number | null => {
  const a = g.attributes.find((x) => x.name === 'job-state');
  return a && a.value.length === 4 ? a.value.readInt32BE(0) : null;
};
const isFinalJob = (g: RawGroup) => g.tag === JOB_GROUP && FINAL_STATES.has(jobState(g) ?? 0);

/** A string attribute record (nameWithoutLanguage) with a new value. */
function nameRecord(name: string, value: string): Buffer {
  const n = Buffer.from(name);
  const v = Buffer.from(value);
  const out = Buffer.alloc(5 + n.length + v.length);
  out.writeUInt8(0x42, 0);
  out.writeUInt16BE(n.length, 1);
  n.copy(out, 3);
  out.writeUInt16BE(v.length, 3 + n.length);
  v.copy(out, 5 + n.length);
  return out;
}

const groups = (g: IppGroup | IppGroup[] | undefined): IppGroup[] => (g === undefined ? [] : Array.isArray(g) ? g : [g]);

const SHEET_ATTRIBUTES = ['job-media-sheets-completed', 'job-impressions-completed'];

export async function startIppFaultProxy(upstreamUri: string): Promise<IppFaultProxy> {
  let upstream = new URL(upstreamUri.replace(/^ipp:/, 'http:'));
  const rules: FaultRule[] = [];
  const seen: IppFaultProxy['seen'] = [];
  const sockets = new Set<Socket>();

  const take = (op: string, actions: FaultAction[]): FaultRule | null => {
    const rule = rules.find((r) => (r.op === op || r.op === '*') && actions.includes(r.action) && r.times > 0);
    if (!rule) return null;
    rule.times -= 1;
    return rule;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      let op = 'unknown';
      let user: string | null = null;
      let whichJobs: string | null = null;
      try {
        const msg = ipp.parse(body);
        op = msg.operation ?? 'unknown';
        const attrs = groups(msg['operation-attributes-tag'])[0] ?? {};
        user = typeof attrs['requesting-user-name'] === 'string' ? attrs['requesting-user-name'] : null;
        whichJobs = typeof attrs['which-jobs'] === 'string' ? attrs['which-jobs'] : null;
      } catch {
        // Not IPP: forwarded as it is; the printer answers it.
      }
      const before = take(op, ['reset']);
      const after = before ? null : take(op, ['drop-answer']);
      const delay = before ? null : take(op, ['delay']);
      const shaping = rules.filter((r) => (r.op === op || r.op === '*') && r.times > 0 && (r.action === 'hide-completed' || r.action === 'strip-sheets' || r.action === 'hide-other-users'));
      seen.push({ op, user, whichJobs, fault: before?.action ?? after?.action ?? delay?.action ?? shaping[0]?.action ?? null });
      if (before) {
        req.socket.destroy();
        return;
      }
      const out = http.request(
        { host: upstream.hostname, port: upstream.port, path: req.url, method: 'POST', headers: { 'content-type': 'application/ipp', 'content-length': body.length }, agent: false },
        (answer) => {
          const got: Buffer[] = [];
          answer.on('data', (c: Buffer) => got.push(c));
          answer.on('end', () => {
            if (after) {
              req.socket.destroy();
              return;
            }
            let reply: Buffer = Buffer.concat(got);
            for (const rule of shaping) {
              rule.times -= 1;
              reply = shape(rule, op, user, reply);
            }
            const send = () => {
              if (res.destroyed) return;
              res.writeHead(answer.statusCode ?? 200, { 'content-type': 'application/ipp', 'content-length': reply.length });
              res.end(reply);
            };
            if (delay) setTimeout(send, delay.ms ?? 1000);
            else send();
          });
        },
      );
      out.on('error', () => req.socket.destroy());
      out.end(body);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    uri: `ipp://localhost:${port}${upstream.pathname}`,
    port,
    seen,
    add: (rule) => rules.push({ ...rule }),
    clear: () => rules.splice(0),
    setUpstream: (uri) => {
      upstream = new URL(uri.replace(/^ipp:/, 'http:'));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function shape(rule: FaultRule, op: string, user: string | null, reply: Buffer): Buffer {
  const m = parseRaw(reply);
  if (rule.action === 'strip-sheets') {
    for (const g of m.groups) if (g.tag === JOB_GROUP) g.attributes = g.attributes.filter((a) => !SHEET_ATTRIBUTES.includes(a.name));
  } else if (rule.action === 'hide-other-users') {
    if (op !== 'Get-Jobs' || user === rule.user) return reply;
    for (const g of m.groups) if (g.tag === JOB_GROUP) g.attributes = g.attributes.map((a) => (a.name === 'job-name' ? { ...a, raw: nameRecord('job-name', ''), value: Buffer.alloc(0) } : a));
  } else if (op === 'Get-Jobs') {
    m.groups = m.groups.filter((g) => !isFinalJob(g));
  } else if (op === 'Get-Job-Attributes' && m.groups.some(isFinalJob)) {
    const head = Buffer.from(m.head);
    head.writeUInt16BE(0x0406, 2); // client-error-not-found
    m.head = head;
    m.groups = m.groups.filter((g) => g.tag !== JOB_GROUP);
  }
  return writeRaw(m);
}
