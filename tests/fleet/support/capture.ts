import { connect, type IClientOptions, type MqttClient } from 'mqtt';

export interface Captured {
  topic: string;
  text: string;
  retain: boolean;
  json: Record<string, unknown>;
}

/** A real MQTT subscriber that records everything it receives, for assertions. */
export class Capture {
  readonly messages: Captured[] = [];
  readonly #waiters = new Set<() => void>();

  private constructor(readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) => {
      const text = payload.toString('utf8');
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        // Kept as text; the assertion that reads it says what was wrong.
      }
      this.messages.push({ topic, text, retain: packet.retain, json });
      for (const w of [...this.#waiters]) w();
    });
  }

  static async open(url: string, filter = 'adm/#', options: IClientOptions = {}): Promise<Capture> {
    const client = connect(url, { protocolVersion: 5, reconnectPeriod: 100, connectTimeout: 5000, ...options });
    const c = new Capture(client);
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    await client.subscribeAsync(filter, { qos: 1 });
    // Resubscribe after a broker restart (a fresh broker has no sessions).
    client.on('connect', () => void client.subscribeAsync(filter, { qos: 1 }).then(() => c.#resubscribed++));
    return c;
  }

  #resubscribed = 0;

  get resubscribed(): number {
    return this.#resubscribed;
  }

  on(channel: string): Captured[] {
    return this.messages.filter((m) => m.topic.endsWith(`/${channel}`));
  }

  /** Waits until `predicate` holds over the messages so far. */
  until(predicate: (messages: Captured[]) => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
    if (predicate(this.messages)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got ${this.messages.length} messages: ${this.messages.slice(-8).map((m) => `${m.topic} ${m.text.slice(0, 160)}`).join('\n')}`));
      }, timeoutMs);
      const check = () => {
        if (!predicate(this.messages)) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve();
      };
      this.#waiters.add(check);
    });
  }

  /** Resolves when the client is connected and subscribed again (after a broker restart). */
  async reconnected(before: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.#resubscribed <= before) {
      if (Date.now() > deadline) throw new Error('subscriber did not reconnect');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}
