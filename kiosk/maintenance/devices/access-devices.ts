import type { DeviceStatus, DeviceSummary } from '../../../core/device-status.ts';
import type { HeadphoneJackDriver } from '../../../devices/headphone-jack/driver.ts';
import type { KeypadDriver } from '../../../devices/keypad/driver.ts';
import { describeSpeechError } from '../../speech/errors.ts';
import type { SpeechService } from '../../speech/speech-service.ts';
import { runChecks, type DeviceDetails, type MaintenanceDevice, type SelfTestReport } from './types.ts';

function connected(status: DeviceStatus, what: string) {
  const ok = status.device === 'online';
  return { name: 'connected', ok, detail: ok ? `${what} attached and reporting` : `${status.device}${status.reasons.length ? ` (${status.reasons.join(', ')})` : ''}${status.detail ? `: ${status.detail}` : ''}` };
}

/** The accessibility keypad: attached, its key layout readable, no unreadable reports. The technician presses keys to see the count rise. */
export class KeypadDevice implements MaintenanceDevice {
  readonly id = 'keypad' as const;

  constructor(private readonly keypad: KeypadDriver) {}

  summary(): DeviceSummary {
    return this.keypad.summary();
  }

  onStatus(listener: (status: DeviceStatus) => void): () => void {
    this.keypad.on('status', listener);
    return () => this.keypad.off('status', listener);
  }

  details(): DeviceDetails {
    return { presses: this.keypad.presses, badReports: this.keypad.badReports };
  }

  selfTest(signal: AbortSignal): Promise<SelfTestReport> {
    return runChecks(
      this.id,
      () => this.keypad.status,
      [
        () => connected(this.keypad.status, 'keypad'),
        () => ({ name: 'reports', ok: this.keypad.badReports === 0, detail: `${this.keypad.presses} key press(es), ${this.keypad.badReports} unreadable report(s) since start` }),
      ],
      signal,
    );
  }
}

/** The headphone jack and the speech it carries: the input device is read, and espeak-ng speaks both languages. */
export class HeadphoneJackDevice implements MaintenanceDevice {
  readonly id = 'headphoneJack' as const;

  constructor(
    private readonly jack: HeadphoneJackDriver,
    private readonly speech: SpeechService,
  ) {}

  summary(): DeviceSummary {
    return this.jack.summary();
  }

  onStatus(listener: (status: DeviceStatus) => void): () => void {
    this.jack.on('status', listener);
    return () => this.jack.off('status', listener);
  }

  details(): DeviceDetails {
    return { headphones: this.jack.state, changes: this.jack.changes, badFrames: this.jack.badFrames, speech: this.speech.lastError ? this.speech.lastError.code : 'ready' };
  }

  selfTest(signal: AbortSignal): Promise<SelfTestReport> {
    return runChecks(
      this.id,
      () => this.jack.status,
      [
        () => connected(this.jack.status, 'headphone jack input device'),
        () => ({ name: 'jack', ok: this.jack.badFrames === 0, detail: `headphones ${this.jack.state}; ${this.jack.changes} plug/unplug(s), ${this.jack.badFrames} unreadable event(s) since start` }),
        async () => {
          const r = await this.speech.probe(signal);
          return { name: 'speech', ok: r.ok, detail: r.ok ? `espeak-ng spoke a test phrase in Bahasa Indonesia and English (${r.value.bytes} bytes of audio)` : describeSpeechError(r.error) };
        },
      ],
      signal,
    );
  }
}
