/** Talks to the maintenance API as the kiosk browser does: loopback, own Origin, JSON, bearer token. */
export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  body: T & { error?: string; message?: string };
}

export class MaintenanceApi {
  token: string | null = null;

  constructor(readonly base: string) {}

  async get<T = Record<string, unknown>>(name: string, headers: Record<string, string> = {}): Promise<ApiAnswer<T>> {
    const res = await fetch(`${this.base}/maintenance/api/${name}`, { headers: { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...headers } });
    return { status: res.status, body: (await res.json()) as ApiAnswer<T>['body'] };
  }

  async post<T = Record<string, unknown>>(name: string, body: unknown = {}, headers: Record<string, string> = {}): Promise<ApiAnswer<T>> {
    const res = await fetch(`${this.base}/maintenance/api/${name}`, {
      method: 'POST',
      headers: { origin: this.base, 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as ApiAnswer<T>['body'] };
  }

  /** Opens maintenance and signs in with the PIN. */
  async signIn(pin: string): Promise<ApiAnswer> {
    await this.post('enter', { source: 'page' });
    for (let i = 0; i < 100; i++) {
      const s = await this.get<{ signingIn: boolean }>('state');
      if (s.body.signingIn) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const r = await this.post<{ token: string }>('sign-in/pin', { pin });
    if (r.status === 200) this.token = r.body.token;
    return r;
  }
}
