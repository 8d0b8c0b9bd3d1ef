import { configFromArgv, type Command } from '../command.ts';
import { createLogger } from '../../log/logger.ts';
import { bootKiosk } from '../../boot/boot-kiosk.ts';
import { onStopSignal } from '../signals.ts';

/** Signals closer together than this are one request to stop. */
const REPEAT_WINDOW_MS = 1000;

export const startCommand: Command = {
  name: 'start',
  summary: 'run the kiosk (simulated hardware and the embedded registry unless configured otherwise)',
  usage: '[--config FILE]   (or ADM_CONFIG, ADM_DATA_DIR, ADM_PORT, ADM_MQTT_URL)',
  async run(argv) {
    const loaded = configFromArgv(argv, (n) => `adm start: the configuration has ${n} problem(s); nothing was started`);
    if (!loaded) return 2;
    const { config } = loaded;
    const pretty = config.log.pretty === 'auto' ? Boolean(process.stdout.isTTY) : config.log.pretty;
    const log = await createLogger({ level: config.log.level, pretty });
    log.event('config.loaded', { file: loaded.file, overrides: loaded.overrides });

    // Everything the runtime creates (store, WAL, printed files, exports) is its own alone.
    process.umask(0o077);
    const booted = await bootKiosk(config, log);
    if (!booted.ok) {
      log.event('kiosk.boot_failed', { step: booted.error.step, reason: booted.error.message });
      process.stderr.write(`adm start: ${booted.error.message}\n`);
      return 1;
    }
    const kiosk = booted.value;
    process.stdout.write(`ADM kiosk ready at ${kiosk.http.url()}/\n`);

    return new Promise<number>((resolve) => {
      let firstSignalAt = 0;
      // Stopping because the kiosk asked (low battery): the host's own shutdown signals that follow
      // the power-off request must not cut that short.
      let selfStop = false;
      const close = (cause: Record<string, string>) => {
        log.event('kiosk.shutdown_requested', cause);
        void kiosk.close().then((clean) => {
          log.event('kiosk.stopped', { clean });
          log.flush();
          resolve(clean ? 0 : 1);
        });
      };
      const stop = (signal: NodeJS.Signals) => {
        if (kiosk.lifecycle.closing) {
          if (selfStop) return;
          // One Ctrl+C under `npm start` arrives twice (from the terminal and forwarded by npm);
          // a second press a moment later means the person really wants it gone.
          if (Date.now() - firstSignalAt > REPEAT_WINDOW_MS) process.exit(1);
          return;
        }
        firstSignalAt = Date.now();
        close({ signal });
      };
      onStopSignal(stop);
      kiosk.lifecycle.onStopRequested((reason) => {
        if (kiosk.lifecycle.closing) return;
        selfStop = true;
        close({ reason });
      });
    });
  },
};
