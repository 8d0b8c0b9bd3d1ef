import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceBoard } from '../../devices/common/device-board.ts';
import { addHealthRoute } from '../../kiosk/server/healthz.ts';
import { createHttpServer, type HttpServer } from '../../kiosk/server/http-server.ts';
import { memoryLogger, type LogLine } from '../maintenance/support/rig.ts';

let http: HttpServer;
let lines: LogLine[];
beforeAll(async () => {
  const logged = await memoryLogger();
  lines = logged.lines;
  http = createHttpServer({ host: '127.0.0.1', port: 0, log: logged.log });
  addHealthRoute(http.routes, { kioskId: 'ADM-3506-0042', startedAt: Date.now(), board: new DeviceBoard(), hosts: () => http.hosts(), log: logged.log });
  await http.listen();
});
afterAll(async () => http?.close());

function get(host: string): Promise<{ status: number; text: string }> {
  const port = Number(new URL(http.url()).port);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz', headers: { host } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('/healthz', () => {
  it('answers the kiosk itself under its loopback Host', async () => {
    const port = new URL(http.url()).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const r = await get(host);
      expect(r.status, host).toBe(200);
      expect(JSON.parse(r.text)).toMatchObject({ kioskId: 'ADM-3506-0042' });
    }
  });

  it('tells a page on a rebinding name nothing: not the version, the kiosk id or the devices', async () => {
    const port = new URL(http.url()).port;
    for (const host of [`kiosk.attacker.test:${port}`, 'evil.example', `127.0.0.1.nip.io:${port}`]) {
      const r = await get(host);
      expect(r.status, host).toBe(421);
      expect(r.text).not.toContain('ADM-3506-0042');
      expect(r.text).not.toContain('version');
    }
    expect(lines.filter((l) => l.event === 'http.request_refused' && l.reason === 'bad_host')).toHaveLength(3);
  });
});
