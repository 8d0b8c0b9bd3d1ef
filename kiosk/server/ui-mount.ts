import type { KioskLogger } from '../log/logger.ts';
import type { Routes } from './routes.ts';
import { addStaticSite, UI_ASSETS_DIR } from './ui-routes.ts';
import { UiSocketServer, type JourneyEndpoint, type UiSocketLimits } from './ws/ui-socket.ts';

export const UI_SOCKET_PATH = '/ws/ui';

export interface TouchUiOptions {
  journey: JourneyEndpoint;
  /** The per-boot secret the socket requires; it appears only in the launch URL. */
  secret: string;
  hosts(): ReadonlySet<string>;
  log: KioskLogger;
  limits?: Partial<UiSocketLimits>;
}

/** Mounts the touch UI: the page and its files at `/` and `/ui/`, the socket at `/ws/ui`. */
export function mountTouchUi(routes: Routes, options: TouchUiOptions): UiSocketServer {
  addStaticSite(routes, { mount: '/', dir: UI_ASSETS_DIR, hosts: options.hosts, log: options.log });
  routes.get.set('/favicon.ico', (_req, res) => {
    res.writeHead(204, { 'cache-control': 'max-age=86400' });
    res.end();
  });
  const socket = new UiSocketServer({ journey: options.journey, secret: options.secret, hosts: options.hosts, log: options.log, limits: options.limits });
  routes.upgrades.set(UI_SOCKET_PATH, (req, s, head, url) => socket.handleUpgrade(req, s, head, url));
  return socket;
}

/** The URL the kiosk browser opens: the secret rides in the fragment, which no HTTP request carries. */
export function launchUrl(baseUrl: string, secret: string, path = '/'): string {
  return `${baseUrl}${path}#k=${secret}`;
}
