import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KioskLogger } from '../log/logger.ts';
import type { Routes } from './routes.ts';
import { loadStaticFiles, type StaticFile } from './static-files.ts';
import { checkHost, PERMISSIONS_POLICY, UI_CSP } from './ws/lockdown.ts';
import { projectPath } from '../../core/project-root.ts';

export const UI_ASSETS_DIR = projectPath('assets', 'ui');

export interface StaticSiteOptions {
  /** `/` for the touch UI, `/devpanel/` for the dev panel. */
  mount: string;
  dir: string;
  hosts(): ReadonlySet<string>;
  log: KioskLogger;
}

/**
 * Serves a folder of plain ES modules and CSS under `mount` with the lockdown headers: loopback Host
 * only, a CSP that allows nothing from outside the kiosk, no caching of the page itself. The page
 * holds no secret: the socket does the checking.
 */
export function addStaticSite(routes: Routes, options: StaticSiteOptions): Map<string, StaticFile> {
  const files = loadStaticFiles(options.dir);
  const serve = (name: string) => (req: IncomingMessage, res: ServerResponse) => {
    if (!checkHost(req, options.hosts()).ok) {
      options.log.event('ui.request_refused', { path: options.mount + name, reason: 'bad_host' });
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('misdirected request');
      return;
    }
    const file = files.get(name);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('not found');
      return;
    }
    const headers: Record<string, string | number> = {
      'content-type': file.type,
      'content-length': file.body.length,
      'cache-control': name === 'index.html' ? 'no-store' : 'no-cache',
      etag: file.etag,
      'content-security-policy': UI_CSP,
      'permissions-policy': PERMISSIONS_POLICY,
    };
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };
  routes.get.set(options.mount, serve('index.html'));
  routes.prefixes.set(options.mount === '/' ? '/ui/' : options.mount, (req, res, url) => {
    const prefix = options.mount === '/' ? '/ui/' : options.mount;
    let name: string;
    try {
      name = decodeURIComponent(url.pathname.slice(prefix.length));
    } catch {
      name = '';
    }
    serve(name)(req, res);
  });
  return files;
}
