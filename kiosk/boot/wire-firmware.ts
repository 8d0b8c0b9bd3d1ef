import type { BootContext } from './context.ts';
import type { DeviceBoard } from '../../devices/common/device-board.ts';
import { createNotifier, noopNotifier, type ServiceNotifier } from '../firmware/notify.ts';
import { startWatchdog, watchdogFromEnv, type Watchdog } from '../firmware/watchdog.ts';
import { describeSelfTest, printableDocuments, runSelfTest, type SelfTestReport } from '../firmware/self-test.ts';
import { launchUrlFileFromEnv, launchUrlGroupFromEnv, removeLaunchUrlFile, writeLaunchUrlFile } from '../firmware/launch-url-file.ts';
import type { HealthSections } from '../server/healthz.ts';
import { VERSION } from '../version.ts';

export interface FirmwareOptions {
  /**
   * The kiosk browser's launch URL with the per-boot secret, from the UI server's wiring. When given
   * and `ADM_LAUNCH_URL_FILE` is set (the systemd unit sets it), it is handed to the browser session.
   */
  launchUrl?: () => string;
  /** Called with a listener that is told when the launch URL changed (its single-use token was spent). */
  onLaunchUrlChange?: (listener: () => void) => () => void;
  /** /healthz sections; the boot self-test and the printable set go there. */
  health?: HealthSections;
  env?: NodeJS.ProcessEnv;
  /**
   * The fleet's service state (kiosk/fleet/service-state.ts): the self-test holds the kiosk out of
   * service from boot when no document type can be printed, so the fleet hears it at once.
   */
  service?: { set(reason: 'no-printable-document', outOfService: boolean): boolean };
}

export interface Firmware {
  /** The boot self-test; the fleet's service state reads `inService`, `printable` and `outcome` from here. */
  readonly selfTest: SelfTestReport;
  readonly notifier: ServiceNotifier;
  readonly watchdog: Watchdog | null;
}

/** How often STATUS= is refreshed from the live device states (only sent when it changed). */
const STATUS_REFRESH_MS = 15_000;

/**
 * Runs last in boot, once every area is wired and the server listens: the boot self-test (journal,
 * /healthz), the launch URL for the browser session, then READY=1 and the watchdog. READY is sent
 * whatever the devices say: a kiosk without paper is open (and says so), not a failed service that
 * systemd should restart in a loop; only a failed boot, which never gets here, withholds it.
 */
export async function wireFirmware(ctx: BootContext, devices: DeviceBoard, options: FirmwareOptions = {}): Promise<Firmware> {
  const { log } = ctx;
  const env = options.env ?? process.env;

  const created = createNotifier({ env, onError: (e) => log.event('firmware.notify_failed', { ...e }) });
  if (!created.ok) log.event('firmware.notify_unavailable', { ...created.error });
  const n: ServiceNotifier = created.ok ? created.value : noopNotifier;
  n.status('boot self-test');

  const selfTest = await runSelfTest({ db: ctx.store.db, devices, version: VERSION, now: ctx.now, settleMs: ctx.config.firmware.selfTestSettleMs });
  ctx.store.journal.append('self_test', { ...selfTest });
  const eventName = selfTest.outcome === 'pass' ? 'firmware.self_test_passed' : selfTest.outcome === 'degraded' ? 'firmware.self_test_degraded' : 'firmware.self_test_failed';
  log.event(eventName, {
    outcome: selfTest.outcome,
    printable: selfTest.printable,
    unavailable: selfTest.unavailable.map((u) => `${u.type}:${u.reason}`),
    store: selfTest.store.detail,
    openPrints: selfTest.store.openPrints,
    unknownPrints: selfTest.store.unknownPrints,
    durationMs: selfTest.durationMs,
  });

  // Only when some device area is wired: an empty board says nothing about what can be printed.
  if (options.service && devices.summaries().length > 0) options.service.set('no-printable-document', selfTest.printable.length === 0);

  // /healthz gains the boot self-test and the live printable set (the update's health check reads both).
  options.health?.add('selfTest', () => ({ outcome: selfTest.outcome, at: selfTest.at, inService: selfTest.inService, printable: selfTest.printable, unavailable: selfTest.unavailable, store: selfTest.store }));
  options.health?.add('printable', () => printableDocuments(devices.summaries()).printable);

  const urlFile = launchUrlFileFromEnv(env);
  const launchUrl = options.launchUrl;
  if (urlFile !== null && launchUrl) {
    const group = launchUrlGroupFromEnv(env);
    const write = (): boolean => {
      const written = writeLaunchUrlFile(urlFile, launchUrl(), group);
      if (written.ok) log.event('firmware.launch_url_written', { path: urlFile });
      else log.event('firmware.launch_url_failed', { path: urlFile, error: written.error.message });
      return written.ok;
    };
    if (write()) {
      // Each spent launch token is replaced in the file, for the browser session's next start.
      const off = options.onLaunchUrlChange?.(() => void write());
      ctx.lifecycle.add('launch-url', () => {
        off?.();
        removeLaunchUrlFile(urlFile);
      });
    }
  }

  let lastStatus = describeSelfTest(selfTest);
  n.ready(lastStatus);
  if (n.enabled) log.event('firmware.ready_notified', { status: lastStatus });

  let watchdog: Watchdog | null = null;
  const wd = watchdogFromEnv(env);
  if (!wd.ok) log.event('firmware.watchdog_misconfigured', { ...wd.error });
  else if (wd.value !== null && n.enabled) {
    watchdog = startWatchdog(n, wd.value, () => !ctx.lifecycle.closing);
    log.event('firmware.watchdog_started', { intervalMs: wd.value.intervalMs, timeoutMs: wd.value.timeoutMs });
  }

  const refresh = setInterval(() => {
    const live = printableDocuments(devices.summaries());
    const text = live.printable.length ? `open: can print ${live.printable.join(', ')}` : 'out of service: no document type can be printed';
    if (text !== lastStatus) {
      lastStatus = text;
      n.status(text);
    }
  }, STATUS_REFRESH_MS);
  refresh.unref();

  // Registered last, so it runs first at shutdown: systemd hears STOPPING before anything closes.
  ctx.lifecycle.add('firmware', () => {
    clearInterval(refresh);
    watchdog?.stop();
    n.stopping('stopping');
    n.close();
  });

  return { selfTest, notifier: n, watchdog };
}
