import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrometheusOptions {
  /** host:port targets scraped as job `adm-fleet`. */
  targets: string[];
  /** Rule files' text, written into the server's directory. */
  rules?: string[];
  scrapeIntervalS?: number;
  evaluationIntervalS?: number;
}

async function freeLoopbackPort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/**
 * A real Prometheus server on loopback (Debian package `prometheus`), on a free port with its own
 * storage in a temporary directory, scraping the given targets at a short interval.
 */
export class Prometheus {
  #child: ChildProcess | null = null;
  #log = '';

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(o: PrometheusOptions): Promise<Prometheus> {
    for (let tries = 0; ; tries++) {
      const dir = mkdtempSync(join(tmpdir(), 'adm-prometheus-'));
      const p = new Prometheus(dir, await freeLoopbackPort());
      try {
        await p.#start(o);
        return p;
      } catch (e) {
        await p.close();
        // Another process took the port between the probe and the bind: pick another.
        if (tries >= 3) throw e;
      }
    }
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  log(): string {
    return this.#log;
  }

  async #start(o: PrometheusOptions): Promise<void> {
    const ruleFiles = (o.rules ?? []).map((text, i) => {
      const f = join(this.dir, `rules-${i}.yml`);
      writeFileSync(f, text);
      return f;
    });
    const config = {
      global: { scrape_interval: `${o.scrapeIntervalS ?? 1}s`, evaluation_interval: `${o.evaluationIntervalS ?? 1}s` },
      rule_files: ruleFiles,
      scrape_configs: [{ job_name: 'adm-fleet', static_configs: [{ targets: o.targets }] }],
    };
    // JSON is YAML.
    writeFileSync(join(this.dir, 'prometheus.yml'), JSON.stringify(config, null, 2));
    const child = spawn(
      'prometheus',
      [`--config.file=${join(this.dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(this.dir, 'data')}`, `--web.listen-address=127.0.0.1:${this.port}`, '--log.level=warn'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    this.#child = child;
    child.stderr?.on('data', (d: Buffer) => (this.#log = (this.#log + d.toString()).slice(-20_000)));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`prometheus exited (${String(child.exitCode ?? child.signalCode)}): ${this.#log.slice(-800)}`);
      const ready = await fetch(`${this.url}/-/ready`).then((r) => r.ok, () => false);
      if (ready) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`prometheus was not ready within 30 s: ${this.#log.slice(-800)}`);
  }

  /** GET /api/v1/<path> and the `data` of a success answer. */
  async api<T>(path: string, params: Record<string, string> = {}): Promise<T> {
    const res = await fetch(`${this.url}/api/v1/${path}?${new URLSearchParams(params).toString()}`);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error ?? res.status}`);
    return body.data;
  }

  async close(): Promise<void> {
    const child = this.#child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
