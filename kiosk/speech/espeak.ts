import { spawn } from 'node:child_process';
import { firstAnswer } from '../../core/first-answer.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { SpeechError } from './errors.ts';

export interface SynthOptions {
  command: string;
  voice: string;
  /** Words per minute. */
  rate: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * One clip from espeak-ng as a WAV file. The text goes in on stdin, never as an argument, so text
 * that starts with "-" or holds SSML-looking markup is only ever read as words.
 */
export function synthesize(text: string, o: SynthOptions): Promise<Result<Buffer, SpeechError>> {
  return firstAnswer<Result<Buffer, SpeechError>>({ timeoutMs: o.timeoutMs, signal: o.signal }, (done) => {
    const child = spawn(o.command, ['-v', o.voice, '-s', String(o.rate), '--stdout'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let errText = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (errText += d.toString('utf8').slice(0, 500)));
    child.on('error', (e: NodeJS.ErrnoException) => {
      done(err(e.code === 'ENOENT' ? { code: 'engineMissing', detail: `${o.command} not found` } : { code: 'synthFailed', detail: e.message }));
    });
    child.stdin.on('error', () => undefined);
    child.on('close', (code) => {
      const wav = Buffer.concat(out);
      if (code === 0 && wav.length > 44 && wav.subarray(0, 4).toString('latin1') === 'RIFF') return done(ok(wav));
      if (/voice does not exist/i.test(errText)) return done(err({ code: 'voiceMissing', voice: o.voice, detail: errText.trim() }));
      done(err({ code: 'synthFailed', detail: `exit ${String(code)}: ${errText.trim() || 'no audio'}` }));
    });
    child.stdin.end(text, 'utf8');
    return {
      timedOut: () => {
        child.kill('SIGKILL');
        return err({ code: 'timeOut', timeoutMs: o.timeoutMs });
      },
      aborted: () => {
        child.kill('SIGKILL');
        return err({ code: 'canceled' });
      },
    };
  });
}
