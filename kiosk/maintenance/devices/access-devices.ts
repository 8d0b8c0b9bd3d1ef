import type { HeadphoneJackDriver } from '../../../devices/headphone-jack/driver.ts';
import type { KeypadDriver } from '../../../devices/keypad/driver.ts';
import { describeSpeechError } from '../../speech/errors.ts';
import type { SpeechService } from '../../speech/speech-service.ts';
import { DriverDevice } from './driver-device.ts';
import type { DeviceDetails, SelfTestReport } from './types.ts';


/** The accessibility keypad: attached, its key layout readable, no unreadable reports. The technician presses keys to see the count rise. */
export class KeypadDevice extends DriverDevice {
  readonly id = 'keypad' as const;

  constructor(private readonly keypad: KeypadDriver) {
    super(keypad);
  }

  details(): DeviceDetails {
    return { presses: this.keypad.presses, badReports: this.keypad.badReports };
  }

  selfTest(signal: AbortSignal): Promise<SelfTestReport> {
    return this.reportedSelfTest(signal, 'keypad', () => this.keypad.status, [
      () => ({ name: 'reports', ok: this.keypad.badReports === 0, detail: `${this.keypad.presses} key press(es), ${this.keypad.badReports} unreadable report(s) since start` }),
    ]);
  }
}

/** The headphone jack and the speech it carries: the input device is read, and espeak-ng speaks both languages. */
export class HeadphoneJackDevice extends DriverDevice {
  readonly id = 'headphoneJack' as const;

  constructor(
    private readonly jack: HeadphoneJackDriver,
    private readonly speech: SpeechService,
  ) {
    super(jack);
  }

  details(): DeviceDetails {
    return { headphones: this.jack.state, changes: this.jack.changes, badFrames: this.jack.badFrames, speech: this.speech.lastError ? this.speech.lastError.code : 'ready' };
  }

  selfTest(signal: AbortSignal): Promise<SelfTestReport> {
    return this.reportedSelfTest(signal, 'headphone jack input device', () => this.jack.status, [
      () => ({ name: 'jack', ok: this.jack.badFrames === 0, detail: `headphones ${this.jack.state}; ${this.jack.changes} plug/unplug(s), ${this.jack.badFrames} unreadable event(s) since start` }),
      async () => {
        const r = await this.speech.probe(signal);
        return { name: 'speech', ok: r.ok, detail: r.ok ? `espeak-ng spoke a test phrase in Bahasa Indonesia and English (${r.value.bytes} bytes of audio)` : describeSpeechError(r.error) };
      },
    ]);
  }
}
