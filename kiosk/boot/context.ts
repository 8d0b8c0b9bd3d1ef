import type { KioskConfig } from '../config/schema.ts';
import type { KioskLogger } from '../log/logger.ts';
import type { KioskStore } from '../store/kiosk-store.ts';
import type { Lifecycle } from '../lifecycle.ts';
import type { HttpServer } from '../server/http-server.ts';

/** What each area's wiring receives from the composition root. */
export interface BootContext {
  readonly config: KioskConfig;
  readonly log: KioskLogger;
  readonly store: KioskStore;
  readonly lifecycle: Lifecycle;
  readonly http: HttpServer;
  /** Wall-clock time; flows get their own injectable clock. */
  readonly now: () => Date;
  readonly startedAt: number;
}
