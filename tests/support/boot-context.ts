import type { BootContext } from '../../kiosk/boot/context.ts';
import { configSchema, type KioskConfigInput } from '../../kiosk/config/schema.ts';
import { Lifecycle } from '../../kiosk/lifecycle.ts';
import { createHttpServer } from '../../kiosk/server/http-server.ts';
import { openKioskStore, type KioskStore } from '../../kiosk/store/kiosk-store.ts';
import { memoryLogger, type LogLine } from '../fleet/support/harness.ts';

export interface AreaContext {
  ctx: BootContext;
  lifecycle: Lifecycle;
  store: KioskStore;
  lines: LogLine[];
}

/**
 * What boot hands an area, for a test that builds one or two areas itself: the configuration, a
 * logger that keeps its lines, a real store in `input.dataDir` closed by the lifecycle, and an HTTP
 * server that is never started. Shut the lifecycle down after the test.
 */
export async function areaContext(input: KioskConfigInput & { dataDir: string }, now: () => Date = () => new Date()): Promise<AreaContext> {
  const config = configSchema.parse(input);
  const { log, lines } = await memoryLogger();
  const store = openKioskStore(config.dataDir, log);
  if (!store.ok) throw new Error(store.error.message);
  const lifecycle = new Lifecycle(log);
  lifecycle.add('store', { outermost: true, stop: () => store.value.close() });
  const ctx: BootContext = { config, log, store: store.value, lifecycle, http: createHttpServer({ host: '127.0.0.1', port: 0, log }), now, startedAt: Date.now() };
  return { ctx, lifecycle, store: store.value, lines };
}
