import http from 'node:http';
import https from 'node:https';
import ipp, { type IppGroup, type IppMessage, type IppValue } from 'ipp';
import { firstAnswer } from '../../core/first-answer.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { PrinterError } from './errors.ts';
import { collectBody } from './bounded-body.ts';

/*
 * IPP over HTTP with a deadline and an AbortSignal on every call. Messages are encoded and decoded by
 * npm `ipp`; its own `request()` is not used because it cannot be aborted or timed out, buffers any
 * response size, logs to the console and throws from inside a stream handler on a malformed answer.
 */

// Out-of-band values (no-value, unknown) are normal in IPP answers; the library would log each one.
ipp.parse.handleUnknownTag = (_tag, _name, length, read) => (length > 0 ? read(length) : undefined);

/** An IPP answer is a few kilobytes; anything far larger is not a printer talking. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface IppCallOptions {
  signal?: AbortSignal;
  timeoutMs: number;
  /** Document bytes after the attributes (Print-Job). */
  data?: Uint8Array;
}

export interface IppResponse {
  statusCode: string;
  operation: IppGroup;
  /** Every printer-attributes group (one for Get-Printer-Attributes). */
  printer: IppGroup[];
  /** Every job-attributes group (one per job for Get-Jobs). */
  jobs: IppGroup[];
}

let nextRequestId = 1;

const groups = (g: IppGroup | IppGroup[] | undefined): IppGroup[] => (g === undefined ? [] : Array.isArray(g) ? g : [g]);

function describe(e: NodeJS.ErrnoException): string {
  return e.code ? `${e.code}: ${e.message}` : e.message;
}

/**
 * Sends one IPP operation to `printerUri` and returns the decoded answer. `successful-ok*` answers
 * are values; other status codes come back as values too (the caller decides what they mean),
 * except `server-error-busy` and `client-error-not-found`, which map to typed errors.
 */
export function ippCall(printerUri: string, operation: string, attributes: { operation?: IppGroup; job?: IppGroup }, options: IppCallOptions): Promise<Result<IppResponse, PrinterError>> {
  const url = new URL(printerUri);
  const secure = url.protocol === 'ipps:';
  const message: IppMessage = {
    version: '2.0',
    operation,
    id: nextRequestId++,
    'operation-attributes-tag': {
      'attributes-charset': 'utf-8',
      'attributes-natural-language': 'en',
      'printer-uri': printerUri,
      ...attributes.operation,
    },
    ...(attributes.job ? { 'job-attributes-tag': attributes.job } : {}),
  };
  const head = ipp.serialize(message);
  const body = options.data ? Buffer.concat([head, options.data]) : head;

  const canceled = (): Result<IppResponse, PrinterError> => err({ code: 'canceled', message: `${operation} to ${url.host} was canceled` });
  // Nothing is sent for a caller that has already given up.
  if (options.signal?.aborted) return Promise.resolve(canceled());
  return firstAnswer<Result<IppResponse, PrinterError>>({ timeoutMs: options.timeoutMs, signal: options.signal }, (finish) => {
    const req = (secure ? https : http).request({
      host: url.hostname,
      port: url.port === '' ? 631 : Number(url.port),
      path: url.pathname + url.search,
      method: 'POST',
      headers: { 'Content-Type': 'application/ipp', 'Content-Length': body.length },
      agent: false,
    });
    req.on('error', (e: NodeJS.ErrnoException) => finish(err({ code: 'unreachable', message: `${operation} to ${url.host}: ${describe(e)}` })));
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        finish(err({ code: 'bad_response', message: `${operation} to ${url.host}: HTTP ${res.statusCode ?? '?'}` }));
        return;
      }
      collectBody(res, MAX_RESPONSE_BYTES, {
        tooLarge() {
          finish(err({ code: 'bad_response', message: `${operation} to ${url.host}: answer larger than ${MAX_RESPONSE_BYTES} bytes` }));
          req.destroy();
        },
        done: (answer) => finish(decode(operation, url.host, answer)),
      });
      res.on('error', (e: NodeJS.ErrnoException) => finish(err({ code: 'unreachable', message: `${operation} to ${url.host}: ${describe(e)}` })));
    });
    req.end(body);
    return {
      timedOut: () => {
        req.destroy();
        return err({ code: 'timeout', message: `${operation} to ${url.host} got no answer within ${options.timeoutMs} ms` });
      },
      aborted: () => {
        req.destroy();
        return canceled();
      },
    };
  });
}

function decode(operation: string, host: string, buf: Buffer): Result<IppResponse, PrinterError> {
  let parsed: IppMessage;
  try {
    if (buf.length < 9) throw new Error(`${buf.length} bytes`);
    parsed = ipp.parse(buf);
  } catch (e) {
    return err({ code: 'bad_response', message: `${operation} to ${host}: not an IPP answer (${(e as Error).message})` });
  }
  const statusCode = parsed.statusCode ?? 'unknown';
  const response: IppResponse = {
    statusCode,
    operation: groups(parsed['operation-attributes-tag'])[0] ?? {},
    printer: groups(parsed['printer-attributes-tag']),
    jobs: groups(parsed['job-attributes-tag']),
  };
  const detail = text(response.operation['status-message']);
  const why = `${operation} to ${host}: ${statusCode}${detail ? ` (${detail})` : ''}`;
  if (statusCode === 'server-error-busy' || statusCode === 'server-error-too-many-jobs') return err({ code: 'busy', message: why, ippStatus: statusCode });
  if (statusCode === 'client-error-not-found') return err({ code: 'not_found', message: why, ippStatus: statusCode });
  if (statusCode === 'server-error-not-accepting-jobs' || statusCode === 'server-error-printer-is-deactivated') {
    return err({ code: 'not_ready', message: why, ippStatus: statusCode });
  }
  if (statusCode.startsWith('client-error')) return err({ code: 'rejected', message: why, ippStatus: statusCode });
  if (!statusCode.startsWith('successful-ok')) return err({ code: 'bad_response', message: why, ippStatus: statusCode });
  return ok(response);
}

/* Values come back as a scalar for one value and an array for several: these read either. */

export function list(v: IppValue): IppValue[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

export function text(v: IppValue): string | null {
  const first = list(v)[0];
  if (typeof first === 'string') return stripLanguage(first);
  if (typeof first === 'number') return String(first);
  return null;
}

export function texts(v: IppValue): string[] {
  return list(v)
    .filter((x): x is string => typeof x === 'string')
    .map(stripLanguage);
}

export function int(v: IppValue): number | null {
  const first = list(v)[0];
  return typeof first === 'number' && Number.isFinite(first) ? first : null;
}

export function bool(v: IppValue): boolean | null {
  const first = list(v)[0];
  return typeof first === 'boolean' ? first : null;
}

/** textWithLanguage values arrive as `lang\u001etext`. */
function stripLanguage(s: string): string {
  const i = s.indexOf('\u001e');
  return i >= 0 ? s.slice(i + 1) : s;
}
