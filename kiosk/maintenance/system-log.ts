import { spawn } from 'node:child_process';

export interface SystemLog {
  /** The log text, or a line that says why there is none. */
  text: string;
  source: 'journalctl' | 'none';
  truncated: boolean;
}

/**
 * The runtime's own log lines as the system journal holds them (the runtime logs JSON to stdout;
 * under systemd that is the journal). Bounded in time and size; a kiosk without journald, or a
 * developer's laptop, gets a note instead.
 */
export function readSystemLog(options: { unit: string; sinceHours: number; maxBytes: number; timeoutMs: number; signal: AbortSignal }): Promise<SystemLog> {
  return new Promise((resolve) => {
    const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
    const args = ['-u', options.unit, '--since', `-${options.sinceHours}h`, '-o', 'short-iso', '--no-pager', '-q'];
    const child = spawn('journalctl', args, { stdio: ['ignore', 'pipe', 'pipe'], signal });
    const chunks: Buffer[] = [];
    let bytes = 0;
    let truncated = false;
    let errText = '';
    child.stdout.on('data', (d: Buffer) => {
      if (bytes >= options.maxBytes) {
        truncated = true;
        child.kill('SIGTERM');
        return;
      }
      const part = d.subarray(0, options.maxBytes - bytes);
      if (part.length < d.length) truncated = true;
      chunks.push(part);
      bytes += part.length;
    });
    child.stderr.on('data', (d: Buffer) => {
      if (errText.length < 2000) errText += d.toString();
    });
    child.on('error', (e) => {
      const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'journalctl is not installed' : signal.aborted ? 'journalctl took too long' : e.message;
      resolve({ text: `(no system log: ${why})\n`, source: 'none', truncated: false });
    });
    child.on('close', (code) => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (code !== 0 && !truncated && text.length === 0) {
        resolve({ text: `(no system log: journalctl exited ${String(code)}: ${errText.trim().slice(0, 300)})\n`, source: 'none', truncated: false });
        return;
      }
      resolve({ text: text.length ? text : `(the system journal holds no lines of ${options.unit} from the last ${options.sinceHours} hours)\n`, source: 'journalctl', truncated });
    });
  });
}
