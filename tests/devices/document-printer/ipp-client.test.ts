import http from 'node:http';
import type { AddressInfo } from 'node:net';
import ipp from 'ipp';
import { afterEach, describe, expect, it } from 'vitest';
import { ippCall, list, text } from '../../../devices/document-printer/ipp-client.ts';

/*
 * Peers that misbehave on purpose: the real printers (ippeveprinter, the file printer) are well-behaved,
 * and the driver must survive the ones that are not.
 */
const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function peer(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `ipp://127.0.0.1:${(server.address() as AddressInfo).port}/ipp/print`;
}

const answer = (statusCode: string, extra: Record<string, unknown> = {}) =>
  ipp.serialize({ version: '2.0', statusCode, id: 1, 'operation-attributes-tag': { 'attributes-charset': 'utf-8', 'attributes-natural-language': 'en', ...extra } });

describe('ippCall', () => {
  it('refuses an answer that is not IPP', async () => {
    const uri = await peer((_q, s) => s.writeHead(200, { 'Content-Type': 'application/ipp' }).end('<html>hello</html>'));
    const r = await ippCall(uri, 'Get-Printer-Attributes', {}, { timeoutMs: 2000 });
    expect(!r.ok && r.error.code).toBe('bad_response');
  });

  it('refuses an HTTP error', async () => {
    const uri = await peer((_q, s) => s.writeHead(500).end());
    const r = await ippCall(uri, 'Get-Printer-Attributes', {}, { timeoutMs: 2000 });
    expect(!r.ok && r.error).toMatchObject({ code: 'bad_response', message: expect.stringContaining('HTTP 500') });
  });

  it('stops reading an answer that never ends in size', async () => {
    const uri = await peer((_q, s) => {
      s.writeHead(200, { 'Content-Type': 'application/ipp' });
      const chunk = Buffer.alloc(64 * 1024, 1);
      const pump = () => {
        while (s.write(chunk)) {
          /* keep the pipe full */
        }
      };
      s.on('drain', pump);
      pump();
    });
    const r = await ippCall(uri, 'Get-Printer-Attributes', {}, { timeoutMs: 5000 });
    expect(!r.ok && r.error).toMatchObject({ code: 'bad_response', message: expect.stringContaining('larger than') });
  });

  it('times out on a peer that accepts and never answers', async () => {
    const uri = await peer(() => {
      /* silence */
    });
    const r = await ippCall(uri, 'Get-Printer-Attributes', {}, { timeoutMs: 200 });
    expect(!r.ok && r.error.code).toBe('timeout');
  });

  it('stops when the caller aborts, before or during the call', async () => {
    const uri = await peer(() => {
      /* silence */
    });
    const early = new AbortController();
    early.abort();
    expect(await ippCall(uri, 'Get-Printer-Attributes', {}, { timeoutMs: 5000, signal: early.signal })).toMatchObject({ ok: false, error: { code: 'canceled' } });
    const late = new AbortController();
    setTimeout(() => late.abort(), 50);
    expect(await ippCall(uri, 'Get-Printer-Attributes', {}, { timeoutMs: 5000, signal: late.signal })).toMatchObject({ ok: false, error: { code: 'canceled' } });
  });

  it('maps IPP status codes to typed errors', async () => {
    let next = 'server-error-busy';
    const uri = await peer((_q, s) => s.writeHead(200, { 'Content-Type': 'application/ipp' }).end(answer(next, { 'status-message': 'Busy now.' })));
    expect(await ippCall(uri, 'Print-Job', {}, { timeoutMs: 2000 })).toMatchObject({ ok: false, error: { code: 'busy', ippStatus: 'server-error-busy', message: expect.stringContaining('Busy now.') } });
    next = 'client-error-not-found';
    expect(await ippCall(uri, 'Get-Job-Attributes', {}, { timeoutMs: 2000 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    next = 'client-error-document-format-not-supported';
    expect(await ippCall(uri, 'Print-Job', {}, { timeoutMs: 2000 })).toMatchObject({ ok: false, error: { code: 'rejected' } });
    next = 'server-error-not-accepting-jobs';
    expect(await ippCall(uri, 'Print-Job', {}, { timeoutMs: 2000 })).toMatchObject({ ok: false, error: { code: 'not_ready' } });
    next = 'server-error-internal-error';
    expect(await ippCall(uri, 'Print-Job', {}, { timeoutMs: 2000 })).toMatchObject({ ok: false, error: { code: 'bad_response' } });
    next = 'successful-ok-ignored-or-substituted-attributes';
    expect(await ippCall(uri, 'Print-Job', {}, { timeoutMs: 2000 })).toMatchObject({ ok: true });
  });

  it('sends the operation, the printer URI and the document after the attributes', async () => {
    let body = Buffer.alloc(0);
    const uri = await peer((q, s) => {
      const chunks: Buffer[] = [];
      q.on('data', (c: Buffer) => chunks.push(c));
      q.on('end', () => {
        body = Buffer.concat(chunks);
        s.writeHead(200, { 'Content-Type': 'application/ipp' }).end(answer('successful-ok'));
      });
    });
    const doc = Buffer.from('%PDF-1.4 test');
    const r = await ippCall(uri, 'Print-Job', { operation: { 'job-name': 'adm-x' }, job: { media: 'iso_a4_210x297mm' } }, { timeoutMs: 2000, data: doc });
    expect(r.ok).toBe(true);
    const parsed = ipp.parse(body);
    expect(parsed.operation).toBe('Print-Job');
    const op = parsed['operation-attributes-tag'] ?? {};
    expect(text(op['printer-uri'])).toBe(uri);
    expect(text(op['job-name'])).toBe('adm-x');
    expect(body.subarray(body.length - doc.length).equals(doc)).toBe(true);
  });
});

describe('value helpers', () => {
  it('read one value or a set alike', () => {
    expect(list('a')).toEqual(['a']);
    expect(list(['a', 'b'])).toEqual(['a', 'b']);
    expect(list(undefined)).toEqual([]);
    expect(text('en\u001eBonjour')).toBe('Bonjour');
  });
});
