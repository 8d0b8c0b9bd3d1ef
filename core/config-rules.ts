import type { z } from 'zod';

/** Checks shared by the configuration of every layer (devices, registry, fleet). */

/** A real device (or link) needs its address: `key` is required when `mode` is `real`. */
export const requireWhenReal = (real: string, key: string) =>
  (value: { mode: string }, ctx: z.RefinementCtx) => {
    if (value.mode === real && (value as Record<string, unknown>)[key] === undefined) {
      ctx.addIssue({ code: 'custom', path: [key], message: `required when mode is "${real}"`, input: undefined });
    }
  };

/** A host on this machine: the only place a secret or a citizen's data may travel unencrypted. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Refuses a plain `scheme://` URL at `key` to another host: such a link must be the TLS scheme. */
export const requireTls = (key: string, plain: string, secure: string, what: string, when: (v: Record<string, unknown>) => boolean = () => true) =>
  (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const raw = value[key];
    if (typeof raw !== 'string' || !when(value)) return;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return; // the field's own check says what is wrong
    }
    if (url.protocol === `${plain}:` && !isLoopbackHost(url.hostname)) {
      ctx.addIssue({ code: 'custom', path: [key], input: raw, message: `${what} on another host needs ${secure}:// (TLS); ${plain}:// is allowed only to this machine` });
    }
  };
