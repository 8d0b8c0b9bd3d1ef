import type { Routes } from './routes.ts';
import { addStaticSite, UI_ASSETS_DIR } from './ui-routes.ts';
import { UiSocketServer, type UiSocketOptions } from './ws/ui-socket.ts';

export const UI_SOCKET_PATH = '/ws/ui';

export type TouchUiOptions = UiSocketOptions;

/** Mounts the touch UI: the page and its files at `/` and `/ui/`, the socket at `/ws/ui`. */
export function mountTouchUi(routes: Routes, options: TouchUiOptions): UiSocketServer {
  addStaticSite(routes, { mount: '/', dir: UI_ASSETS_DIR, hosts: options.hosts, log: options.log });
  routes.get.set('/favicon.ico', (_req, res) => {
    res.writeHead(204, { 'cache-control': 'max-age=86400' });
    res.end();
  });
  const socket = new UiSocketServer({ journey: options.journey, secret: options.secret, ...(options.launch ? { launch: options.launch } : {}), hosts: options.hosts, log: options.log, limits: options.limits });
  routes.upgrades.set(UI_SOCKET_PATH, (req, s, head, url) => socket.handleUpgrade(req, s, head, url));
  return socket;
}

/** A URL with the secret in the fragment, which no HTTP request carries (reloads, the dev panel). */
export function launchUrl(baseUrl: string, secret: string, path = '/'): string {
  return `${baseUrl}${path}#k=${secret}`;
}

/** The kiosk browser's launch URL: a single-use token, exchanged for the secret on first connect. */
export function tokenLaunchUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/#t=${token}`;
}
