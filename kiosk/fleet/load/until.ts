/** Polls `check` every `pollMs` until it holds; throws naming `what` on timeout or abort. */
export async function until(check: () => boolean, what: string, timeoutMs: number, signal: AbortSignal, pollMs = 5): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (signal.aborted) throw new Error(`aborted while waiting for ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
