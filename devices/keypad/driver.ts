import { err, ok, type Result } from '../../core/result.ts';
import { DescribedHidDriver } from '../common/hid/described-driver.ts';
import type { HidWatch } from '../common/hid/hid-watch.ts';
import type { ReportDescriptor } from '../common/hid/report-descriptor.ts';
import { describeKeypadError } from './errors.ts';
import { keypadLayout } from './keypad-layout.ts';
import { KeypadParser, type ParsedKeypadReport } from './keypad-parser.ts';
import type { KeypadEvents, KeypadReportError } from './types.ts';

export interface KeypadDriverOptions {
  watch: HidWatch | null;
  mode: string;
  now?: () => number;
}

/**
 * The accessibility keypad: finds it on the HID bus, reads its key layout from its report
 * descriptor, and emits one `key` per key press with its meaning. Unplugging it only makes it
 * `noDevice`: the touchscreen and the rest of the kiosk are untouched.
 */
export class KeypadDriver extends DescribedHidDriver<ParsedKeypadReport, KeypadReportError, KeypadEvents> {
  #presses = 0;

  constructor(options: KeypadDriverOptions) {
    super({ id: 'keypad', ...options });
  }

  /** Key presses read since start (for the self-test). */
  get presses(): number {
    return this.#presses;
  }

  protected parserFor(descriptor: ReportDescriptor): Result<KeypadParser, string> {
    const layout = keypadLayout(descriptor);
    return layout.ok ? ok(new KeypadParser(layout.value)) : err(describeKeypadError(layout.error));
  }

  protected onReport(value: ParsedKeypadReport): void {
    if (value.kind !== 'keys') return;
    const at = this.now();
    for (const p of value.presses) {
      if (!p.meaning) continue;
      this.#presses++;
      this.emit('key', { ...p.meaning, at });
    }
  }
}
