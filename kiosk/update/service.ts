import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { NotifyListener } from '../firmware/notify-listener.ts';
import { err, ok, type Result } from '../../core/result.ts';

/** What the updater needs from whatever runs the kiosk. */
export interface KioskService {
  readonly kind: 'systemd' | 'boot-check';
  /** Stops the running kiosk (bounded); a kiosk that is not running is not an error. */
  stop(signal?: AbortSignal): Promise<Result<void, ServiceError>>;
  /**
   * Starts the version `current` names and waits, at most `timeoutMs`, for it to report healthy:
   * READY=1 (the kiosk is open after its boot self-test), then /healthz from that version.
   */
  startAndCheck(expect: HealthExpectation, timeoutMs: number, signal?: AbortSignal): Promise<Result<HealthVerdict, ServiceError>>;
  /** Starts the version `current` names without judging it (after a rollback). */
  start(signal?: AbortSignal): Promise<Result<void, ServiceError>>;
}

export interface HealthExpectation {
  version: string;
  /** Document types the previous version could print: a new version that closes one of them has regressed. */
  printableBefore: string[] | null;
}

export interface HealthVerdict {
  version: string;
  outcome: string;
  printable: string[];
}

export type ServiceError = { code: 'not_ready' | 'unhealthy' | 'service_failed'; message: string };

interface HealthBody {
  version?: unknown;
  selfTest?: { outcome?: unknown; printable?: unknown };
}

/** The rule for "reports healthy": the expected version, a boot self-test that did not fail, no document type lost. */
export function judgeHealth(body: HealthBody, expect: HealthExpectation): Result<HealthVerdict, ServiceError> {
  if (body.version !== expect.version) return err({ code: 'unhealthy', message: `the kiosk reports version ${String(body.version)}, expected ${expect.version}` });
  const outcome = body.selfTest?.outcome;
  const printable = Array.isArray(body.selfTest?.printable) ? (body.selfTest.printable as unknown[]).filter((p): p is string => typeof p === 'string') : null;
  if (typeof outcome !== 'string' || printable === null) return err({ code: 'unhealthy', message: 'the new version reports no boot self-test in /healthz' });
  if (outcome === 'fail') return err({ code: 'unhealthy', message: 'the new version failed its boot self-test' });
  const lost = (expect.printableBefore ?? []).filter((t) => !printable.includes(t));
  if (lost.length) return err({ code: 'unhealthy', message: `the new version cannot print ${lost.join(', ')}, which the previous version could` });
  return ok({ version: expect.version, outcome, printable });
}

async function fetchHealth(url: string, timeoutMs: number): Promise<Result<HealthBody, ServiceError>> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(Math.max(timeoutMs, 100)) });
    if (!res.ok) return err({ code: 'unhealthy', message: `${url} answered HTTP ${res.status}` });
    return ok((await res.json()) as HealthBody);
  } catch (e) {
    return err({ code: 'unhealthy', message: `${url} did not answer: ${(e as Error).message}` });
  }
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<Result<string, ServiceError>> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, encoding: 'utf8' }, (e, stdout, stderr) => {
      if (e) resolve(err({ code: 'service_failed', message: `${cmd} ${args.join(' ')}: ${(stderr || e.message).trim()}` }));
      else resolve(ok(stdout));
    });
  });
}

/** Under systemd: `Type=notify`, so `systemctl start` returns once READY=1 arrived (or the start failed). */
export class SystemdService implements KioskService {
  readonly kind = 'systemd';
  constructor(
    private readonly unit: string,
    private readonly healthUrl: string,
    private readonly stopTimeoutMs = 60_000,
  ) {}

  async stop(): Promise<Result<void, ServiceError>> {
    const r = await run('systemctl', ['stop', this.unit], this.stopTimeoutMs);
    return r.ok ? ok(undefined) : r;
  }

  async start(): Promise<Result<void, ServiceError>> {
    // The failed state of the rolled-back start would trip the start limit; clear it first.
    await run('systemctl', ['reset-failed', this.unit], 10_000);
    const r = await run('systemctl', ['start', '--no-block', this.unit], 10_000);
    return r.ok ? ok(undefined) : r;
  }

  async startAndCheck(expect: HealthExpectation, timeoutMs: number): Promise<Result<HealthVerdict, ServiceError>> {
    const deadline = Date.now() + timeoutMs;
    await run('systemctl', ['reset-failed', this.unit], 10_000);
    const started = await run('systemctl', ['start', this.unit], timeoutMs);
    if (!started.ok) return err({ code: 'not_ready', message: `the new version did not report ready: ${started.error.message}` });
    const body = await fetchHealth(this.healthUrl, deadline - Date.now());
    return body.ok ? judgeHealth(body.value, expect) : body;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * No service manager (a bench machine, the tests): the updater plays systemd's part for one boot.
 * It starts the new version with its own notify socket, waits for READY=1 and /healthz, then stops
 * it again, so the verdict comes from the same signals systemd would act on.
 */
export class BootCheckService implements KioskService {
  readonly kind = 'boot-check';
  constructor(
    private readonly options: { root: string; entry: string; node: string; env: NodeJS.ProcessEnv; stopTimeoutMs?: number },
  ) {}

  stop(): Promise<Result<void, ServiceError>> {
    return Promise.resolve(ok(undefined));
  }

  start(): Promise<Result<void, ServiceError>> {
    return Promise.resolve(ok(undefined));
  }

  async startAndCheck(expect: HealthExpectation, timeoutMs: number, signal?: AbortSignal): Promise<Result<HealthVerdict, ServiceError>> {
    const deadline = Date.now() + timeoutMs;
    const listener = await NotifyListener.open();
    const port = await freePort();
    const child = spawn(this.options.node, [join(this.options.root, 'current', this.options.entry), 'start'], {
      cwd: join(this.options.root, 'current'),
      env: { ...this.options.env, NOTIFY_SOCKET: listener.path, ADM_PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4096)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const gone = new AbortController();
    void exited.then(() => gone.abort());
    try {
      const ready = await listener.waitFor('READY', '1', timeoutMs, AbortSignal.any([gone.signal, ...(signal ? [signal] : [])]));
      if (!ready) {
        const why = child.exitCode !== null ? `it exited with code ${child.exitCode}${stderr ? ` (${stderr.trim().split('\n').pop() ?? ''})` : ''}` : `no READY=1 within ${timeoutMs} ms`;
        return err({ code: 'not_ready', message: `the new version did not report ready: ${why}` });
      }
      const body = await fetchHealth(`http://127.0.0.1:${port}/healthz`, deadline - Date.now());
      return body.ok ? judgeHealth(body.value, expect) : body;
    } finally {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const stopped = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), this.options.stopTimeoutMs ?? 10_000))]);
        if (stopped === 'timeout') {
          child.kill('SIGKILL');
          await exited;
        }
      }
      listener.close();
    }
  }
}
