import { execFile, type ChildProcess } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import ipp, { type IppGroup, type IppMessage } from 'ipp';
import { int, text } from './ipp-client.ts';
import { collectBody } from './bounded-body.ts';
import type { DocumentPrinterKind, FinalJobState, JobState, PrinterLog } from './types.ts';

/*
 * The file printer: the far end of the IPP wire for the simulated kiosk. It is a small IPP printer on
 * a loopback port, so the real driver (its encoding, parsing, polling and error handling) runs in
 * `npm start`. Each finished job's PDF, and a PNG of its first page, land in `outDir`. Fault switches
 * (media empty, jam, offline, slow) drive the same states a real printer reports.
 */

// The library's attribute table lacks printer-input-tray (PWG 5100.13); the simulator reports trays.
(ipp as unknown as { attributes: Record<string, Record<string, unknown>> }).attributes['Printer Description']!['printer-input-tray'] ??= {
  type: 'octetString',
  tag: 0x30,
  max: 1023,
  setof: true,
};

export interface FilePrinterFaults {
  /** The tray is empty: jobs are held in processing until it is refilled. */
  mediaEmpty: boolean;
  /** The next job jams: it is aborted and the printer stops until the jam is cleared. */
  jam: boolean;
  /** The printer is switched off: every connection is reset. */
  offline: boolean;
  /** How long a job takes to print. */
  printMs: number;
}

export interface FilePrinterOptions {
  kind: DocumentPrinterKind;
  /** The one PWG media name this printer holds. */
  media: string;
  /** Where printed PDFs and PNGs go. */
  outDir: string;
  /** Sheets (A4) or cards in the tray when full. */
  capacity?: number;
  printMs?: number;
  port?: number;
  log?: PrinterLog;
}

interface SimJob {
  id: number;
  name: string;
  state: JobState;
  reasons: string[];
  message: string;
  pdf: Buffer;
  pages: number;
  timer: NodeJS.Timeout | null;
  file: string | null;
}

const MAX_REQUEST_BYTES = 32 * 1024 * 1024;
const HISTORY = 200;

/** Offset of the document data after the attribute groups, or -1 when the request is malformed. */
export function documentOffset(buf: Buffer): number {
  let p = 8; // version (2), operation (2), request-id (4)
  while (p < buf.length) {
    const tag = buf[p] ?? 0;
    if (tag === 0x03) return p + 1;
    if (tag < 0x10) {
      p += 1; // a group delimiter
      continue;
    }
    if (p + 3 > buf.length) return -1;
    const nameLength = buf.readUInt16BE(p + 1);
    p += 3 + nameLength;
    if (p + 2 > buf.length) return -1;
    p += 2 + buf.readUInt16BE(p);
  }
  return -1;
}

/** Pages of a PDF, counted from its page objects (enough for a simulator's tray counter). */
function countPages(pdf: Buffer): number {
  const matches = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g);
  return Math.max(1, matches?.length ?? 1);
}

export class FilePrinterSimulator {
  readonly kind: DocumentPrinterKind;
  readonly media: string;
  readonly #opts: FilePrinterOptions;
  readonly #jobs: SimJob[] = [];
  readonly #sockets = new Set<Socket>();
  /** pdftoppm previews still being drawn: stopped with the simulator, so nothing writes after `stop`. */
  readonly #previews = new Set<ChildProcess>();
  readonly #server: http.Server;
  readonly #capacity: number;
  #faults: FilePrinterFaults;
  #level: number;
  #jammed = false;
  #nextId = 1;
  #port = 0;
  #startedAt = Date.now();
  #previewWarned = false;

  constructor(options: FilePrinterOptions) {
    this.#opts = options;
    this.kind = options.kind;
    this.media = options.media;
    this.#capacity = options.capacity ?? (options.kind === 'a4' ? 250 : 100);
    this.#level = this.#capacity;
    this.#faults = { mediaEmpty: false, jam: false, offline: false, printMs: options.printMs ?? (options.kind === 'a4' ? 1500 : 2500) };
    this.#server = http.createServer((req, res) => this.#handle(req, res));
    this.#server.on('connection', (s: Socket) => {
      if (this.#faults.offline) {
        s.destroy();
        return;
      }
      this.#sockets.add(s);
      s.once('close', () => this.#sockets.delete(s));
    });
  }

  get uri(): string {
    return `ipp://127.0.0.1:${this.#port}/ipp/print`;
  }

  async start(): Promise<string> {
    mkdirSync(this.#opts.outDir, { recursive: true });
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#opts.port ?? 0, '127.0.0.1', () => resolve());
    });
    const addr = this.#server.address();
    this.#port = typeof addr === 'object' && addr ? addr.port : 0;
    this.#startedAt = Date.now();
    this.#opts.log?.event('printer.simulator_started', { printer: this.kind, uri: this.uri, outDir: this.#opts.outDir });
    return this.uri;
  }

  faults(): FilePrinterFaults {
    return { ...this.#faults, mediaEmpty: this.#faults.mediaEmpty || this.#level === 0 };
  }

  /** Flips fault switches; clearing `mediaEmpty` refills the tray, clearing `jam` clears the jam. */
  setFaults(change: Partial<FilePrinterFaults>): void {
    if (change.mediaEmpty === false) this.#level = this.#capacity;
    if (change.jam === false) this.#jammed = false;
    this.#faults = { ...this.#faults, ...change };
    if (this.#faults.offline) for (const s of this.#sockets) s.destroy();
    this.#opts.log?.event('printer.simulator_fault', { printer: this.kind, ...this.faults() });
    this.#kick();
  }

  /** Jobs the simulator has seen, newest last. */
  jobs(): Array<{ id: number; name: string; state: JobState; file: string | null }> {
    return this.#jobs.map((j) => ({ id: j.id, name: j.name, state: j.state, file: j.file }));
  }

  async stop(): Promise<void> {
    for (const j of this.#jobs) if (j.timer) clearTimeout(j.timer);
    for (const s of this.#sockets) s.destroy();
    await Promise.all(
      [...this.#previews].map((child) => (child.exitCode !== null || child.signalCode !== null ? undefined : new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }))),
    );
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #active(): SimJob | undefined {
    return this.#jobs.find((j) => j.state === 'pending' || j.state === 'processing');
  }

  #mediaEmpty(): boolean {
    return this.#faults.mediaEmpty || this.#level === 0;
  }

  #printerState(): { state: 'idle' | 'processing' | 'stopped'; reasons: string[]; message: string } {
    const reasons: string[] = [];
    const active = this.#active();
    if (this.#jammed) reasons.push('media-jam-error');
    if (this.#mediaEmpty()) reasons.push(active ? 'media-needed-error' : 'media-empty-error', ...(active ? ['media-empty-error'] : []));
    else if (this.#level <= Math.ceil(this.#capacity / 10)) reasons.push('media-low-report');
    if (this.#jammed) return { state: 'stopped', reasons, message: 'Paper jam.' };
    if (active) return { state: 'processing', reasons, message: this.#mediaEmpty() ? 'Waiting for media.' : 'Printing.' };
    return { state: 'idle', reasons, message: 'Idle.' };
  }

  /**
   * Starts the pending job when the printer can print. Without paper the job stays pending
   * (`resources-are-not-ready`): it has not begun, so canceling it now provably prints nothing.
   */
  #kick(): void {
    const job = this.#active();
    if (!job || job.timer || this.#jammed) return;
    if (this.#mediaEmpty()) {
      job.reasons = ['resources-are-not-ready'];
      job.message = 'Waiting for media.';
      return;
    }
    job.state = 'processing';
    job.reasons = ['job-printing'];
    job.message = 'Job printing.';
    job.timer = setTimeout(() => this.#finish(job), this.#faults.printMs);
    job.timer.unref();
  }

  #finish(job: SimJob): void {
    job.timer = null;
    if (job.state !== 'processing') return;
    if (this.#faults.jam) {
      this.#jammed = true;
      this.#faults.jam = false;
      this.#end(job, 'aborted', ['aborted-by-system'], 'Paper jam.');
      return;
    }
    const file = join(this.#opts.outDir, `${String(job.id).padStart(5, '0')}-${job.name.replace(/[^A-Za-z0-9._-]/g, '_')}`);
    writeFileSync(`${file}.pdf`, job.pdf);
    job.file = `${file}.pdf`;
    this.#level = Math.max(0, this.#level - (this.kind === 'a4' ? job.pages : 1));
    this.#end(job, 'completed', ['job-completed-successfully'], 'Job completed.');
    this.#opts.log?.event('printer.simulator_printed', { printer: this.kind, jobId: job.id, jobName: job.name, pages: job.pages, file: job.file });
    this.#preview(`${file}.pdf`, file);
  }

  #end(job: SimJob, state: FinalJobState, reasons: string[], message: string): void {
    if (job.timer) clearTimeout(job.timer);
    job.timer = null;
    job.state = state;
    job.reasons = reasons;
    job.message = message;
    job.pdf = Buffer.alloc(0);
    while (this.#jobs.length > HISTORY) this.#jobs.shift();
  }

  /** PNG of the first page via poppler's pdftoppm, written under a temporary name and renamed when whole. */
  #preview(pdf: string, prefix: string): void {
    const child = execFile('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, `${prefix}.part`], { timeout: 20_000 }, (e) => {
      this.#previews.delete(child);
      if (!e) {
        try {
          renameSync(`${prefix}.part.png`, `${prefix}.png`);
          return;
        } catch (r) {
          e = r as Error;
        }
      }
      if (!this.#previewWarned) {
        this.#previewWarned = true;
        this.#opts.log?.event('printer.preview_failed', { printer: this.kind, error: (e as NodeJS.ErrnoException).code ?? e.message });
      }
    });
    this.#previews.add(child);
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method !== 'POST' || req.headers['content-type'] !== 'application/ipp') {
      res.writeHead(req.method === 'POST' ? 415 : 405).end();
      return;
    }
    collectBody(req, MAX_REQUEST_BYTES, {
      tooLarge() {
        res.writeHead(413).end();
        req.destroy();
      },
      done: (body) => {
        if (res.headersSent) return;
        let request: IppMessage;
        try {
          request = ipp.parse(body);
        } catch {
          res.writeHead(400).end();
          return;
        }
        const answer = this.#operation(request, body);
        res.writeHead(200, { 'Content-Type': 'application/ipp' }).end(answer);
      },
    });
  }

  #operation(request: IppMessage, body: Buffer): Buffer {
    const id = request.id ?? 1;
    const op = (request['operation-attributes-tag'] ?? {}) as IppGroup;
    switch (request.operation) {
      case 'Get-Printer-Attributes':
        return this.#respond(id, 'successful-ok', { printer: this.#printerAttributes() });
      case 'Print-Job': {
        const offset = documentOffset(body);
        if (offset < 0) return this.#respond(id, 'client-error-bad-request', {}, 'Malformed request.');
        const pdf = body.subarray(offset);
        if (!pdf.subarray(0, 5).equals(Buffer.from('%PDF-'))) return this.#respond(id, 'client-error-document-format-not-supported', {}, 'Only PDF is supported.');
        const media = (request['job-attributes-tag'] as IppGroup | undefined)?.['media'];
        if (media !== undefined && text(media) !== this.media) return this.#respond(id, 'client-error-attributes-or-values-not-supported', {}, 'Unsupported media.');
        if (this.#jammed) return this.#respond(id, 'server-error-not-accepting-jobs', {}, 'Paper jam.');
        if (this.#active()) return this.#respond(id, 'server-error-busy', {}, 'Printer busy.');
        const job: SimJob = {
          id: this.#nextId++,
          name: text(op['job-name']) ?? 'untitled',
          state: 'pending',
          reasons: ['none'],
          message: 'Job pending.',
          pdf: Buffer.from(pdf),
          pages: countPages(pdf),
          timer: null,
          file: null,
        };
        this.#jobs.push(job);
        const answer = this.#respond(id, 'successful-ok', { jobs: [this.#jobAttributes(job)] });
        setImmediate(() => this.#kick());
        return answer;
      }
      case 'Get-Job-Attributes': {
        const job = this.#jobs.find((j) => j.id === int(op['job-id']));
        return job ? this.#respond(id, 'successful-ok', { jobs: [this.#jobAttributes(job)] }) : this.#respond(id, 'client-error-not-found', {}, 'Job not found.');
      }
      case 'Get-Jobs': {
        const which = text(op['which-jobs']) ?? 'not-completed';
        const final = (j: SimJob) => j.state === 'completed' || j.state === 'aborted' || j.state === 'canceled';
        const jobs = this.#jobs.filter((j) => which === 'all' || (which === 'completed' ? final(j) : !final(j)));
        return this.#respond(id, 'successful-ok', { jobs: jobs.reverse().map((j) => this.#jobAttributes(j)) });
      }
      case 'Cancel-Job': {
        const job = this.#jobs.find((j) => j.id === int(op['job-id']));
        if (!job) return this.#respond(id, 'client-error-not-found', {}, 'Job not found.');
        if (job.state !== 'pending' && job.state !== 'processing') return this.#respond(id, 'client-error-not-possible', {}, 'Job already finished.');
        this.#end(job, 'canceled', ['job-canceled-by-user'], 'Job canceled.');
        setImmediate(() => this.#kick());
        return this.#respond(id, 'successful-ok', {});
      }
      default:
        return this.#respond(id, 'server-error-operation-not-supported', {}, 'Operation not supported.');
    }
  }

  #printerAttributes(): IppGroup {
    const { state, reasons, message } = this.#printerState();
    return {
      'printer-state': state,
      'printer-state-reasons': reasons.length > 0 ? reasons : ['none'],
      'printer-state-message': message,
      'printer-is-accepting-jobs': !this.#jammed,
      'printer-name': `adm-file-${this.kind}`,
      'printer-make-and-model': 'ADM file printer (simulated)',
      'printer-up-time': Math.max(1, Math.floor((Date.now() - this.#startedAt) / 1000)),
      'media-supported': [this.media],
      'media-ready': this.#mediaEmpty() ? [] : [this.media],
      'document-format-supported': ['application/pdf'],
      'printer-input-tray': [`type=sheetFeedAutoRemovableTray;mediafeed=0;mediaxfeed=0;maxcapacity=${this.#capacity};level=${this.#mediaEmpty() ? 0 : this.#level};status=0;name=main;`],
      'printer-supply': [`index=1;class=supplyThatIsConsumed;type=${this.kind === 'a4' ? 'toner' : 'ribbonWax'};unit=percent;maxcapacity=100;level=80;colorantname=black;`],
      'printer-supply-description': [this.kind === 'a4' ? 'Black Toner' : 'Ribbon'],
    };
  }

  #jobAttributes(job: SimJob): IppGroup {
    return {
      'job-id': job.id,
      'job-uri': `${this.uri}/${job.id}`,
      'job-name': job.name,
      'job-state': job.state,
      'job-state-reasons': job.reasons,
      'job-state-message': job.message,
      'job-impressions-completed': job.state === 'completed' ? job.pages : 0,
    };
  }

  /** Encodes an answer; the library writes one group per tag, so job groups are joined by hand. */
  #respond(id: number, statusCode: string, groups: { printer?: IppGroup; jobs?: IppGroup[] }, message?: string): Buffer {
    const operation: IppGroup = { 'attributes-charset': 'utf-8', 'attributes-natural-language': 'en', ...(message ? { 'status-message': message } : {}) };
    const head = ipp.serialize({ version: '2.0', statusCode, id, 'operation-attributes-tag': operation, ...(groups.printer ? { 'printer-attributes-tag': groups.printer } : {}) });
    const parts = [head.subarray(0, head.length - 1)];
    for (const job of groups.jobs ?? []) {
      const one = ipp.serialize({ version: '2.0', statusCode, id, 'job-attributes-tag': job });
      parts.push(one.subarray(8, one.length - 1));
    }
    parts.push(Buffer.from([0x03]));
    return Buffer.concat(parts);
  }
}

