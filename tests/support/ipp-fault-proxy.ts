import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import ipp, { type IppGroup, type IppMessage } from 'ipp';

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
  /** Operations seen, in order, with the requesting user when one was sent. */
  readonly seen: Array<{ op: string; user: string | null; whichJobs: string | null; fault: FaultAction | null }>;
  close(): Promise<void>;
}

const FINAL = new Set([7, 8, 9, 'canceled', 'aborted', 'completed']);

const groups = (g: IppGroup | IppGroup[] | undefined): IppGroup[] => (g === undefined ? [] : Array.isArray(g) ? g : [g]);

/** Drops values the serializer cannot write back (out-of-band values read as undefined). */
function clean(group: IppGroup): IppGroup {
  return Object.fromEntries(Object.entries(group).filter(([, v]) => v !== undefined));
}

function rewrite(answer: Buffer, edit: (msg: IppMessage) => IppMessage): Buffer {
  const msg = ipp.parse(answer);
  const edited = edit(msg);
  const out: IppMessage = {
    version: edited.version ?? '2.0',
    statusCode: edited.statusCode ?? 'successful-ok',
    id: edited.id ?? 1,
    'operation-attributes-tag': clean(groups(edited['operation-attributes-tag'])[0] ?? {}),
  };
  const jobs = groups(edited['job-attributes-tag']).map(clean);
  if (jobs.length > 0) out['job-attributes-tag'] = jobs;
  const printer = groups(edited['printer-attributes-tag']).map(clean);
  if (printer.length > 0) out['printer-attributes-tag'] = printer;
  return ipp.serialize(out);
}

const SHEET_ATTRIBUTES = ['job-media-sheets-completed', 'job-impressions-completed'];

export async function startIppFaultProxy(upstreamUri: string): Promise<IppFaultProxy> {
  const upstream = new URL(upstreamUri.replace(/^ipp:/, 'http:'));
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
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function shape(rule: FaultRule, op: string, user: string | null, reply: Buffer): Buffer {
  if (rule.action === 'strip-sheets') {
    return rewrite(reply, (m) => ({ ...m, 'job-attributes-tag': groups(m['job-attributes-tag']).map((j) => Object.fromEntries(Object.entries(j).filter(([k]) => !SHEET_ATTRIBUTES.includes(k)))) }));
  }
  if (rule.action === 'hide-other-users') {
    if (op !== 'Get-Jobs' || user === rule.user) return reply;
    return rewrite(reply, (m) => ({ ...m, 'job-attributes-tag': groups(m['job-attributes-tag']).map((j) => ({ ...j, 'job-name': '' })) }));
  }
  // hide-completed
  if (op === 'Get-Jobs') return rewrite(reply, (m) => ({ ...m, 'job-attributes-tag': groups(m['job-attributes-tag']).filter((j) => !FINAL.has(j['job-state'] as number)) }));
  if (op === 'Get-Job-Attributes') {
    const job = groups(ipp.parse(reply)['job-attributes-tag'])[0];
    if (job && FINAL.has(job['job-state'] as number)) {
      return rewrite(reply, (m) => ({ version: m.version ?? '2.0', statusCode: 'client-error-not-found', id: m.id ?? 1, 'operation-attributes-tag': groups(m['operation-attributes-tag'])[0] ?? {} }));
    }
  }
  return reply;
}
