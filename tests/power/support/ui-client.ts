import WebSocket from 'ws';

export interface SeenView {
  screen: string;
  outOfService: string | null;
  actions: string[];
}

/** The touch UI's side of the socket, keeping every view the kiosk sent (screen, out-of-service reason). */
export class UiClient {
  readonly views: SeenView[] = [];
  #id = 0;
  #waiters = new Set<() => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { type: string; view?: SeenView };
      if (m.type === 'snapshot' && m.view) this.views.push({ screen: m.view.screen, outOfService: m.view.outOfService, actions: m.view.actions });
      for (const w of [...this.#waiters]) w();
    });
  }

  static open(uiUrl: string): Promise<UiClient> {
    const u = new URL(uiUrl);
    const ws = new WebSocket(`ws://${u.host}/ws/ui?k=${u.hash.replace('#k=', '')}`, { headers: { origin: u.origin } });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new UiClient(ws)));
      ws.once('error', reject);
    });
  }

  get last(): SeenView | undefined {
    return this.views.at(-1);
  }

  send(intent: Record<string, unknown>): void {
    this.ws.send(JSON.stringify({ v: 1, type: 'intent', id: `p${++this.#id}`, intent }));
  }

  /** Waits until the latest view satisfies `ok` (or fails after `timeoutMs`, naming the last screen). */
  async until(ok: (v: SeenView) => boolean, timeoutMs = 30_000): Promise<SeenView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = this.last;
      if (v && ok(v)) return v;
      if (Date.now() > deadline) throw new Error(`no such view within ${timeoutMs} ms; last ${JSON.stringify(v)}`);
      await new Promise<void>((r) => {
        const done = () => {
          this.#waiters.delete(done);
          r();
        };
        this.#waiters.add(done);
        setTimeout(done, 250);
      });
    }
  }

  /** Sends an intent, pausing first so the socket's rate limit never refuses it, and waits for `screen`. */
  async intent(intent: Record<string, unknown>, screen: string, timeoutMs = 30_000): Promise<SeenView> {
    await new Promise((r) => setTimeout(r, 150));
    this.send(intent);
    return this.until((v) => v.screen === screen, timeoutMs);
  }

  close(): void {
    this.ws.close();
  }
}
