import type { EktpReader } from '../../../devices/card-reader/types.ts';
import { DriverDevice } from './driver-device.ts';
import { runChecks, type DeviceDetails, type SelfTestReport } from './types.ts';

/** The e-KTP reader with its SAM and fingerprint sensor, as maintenance sees it. */
export class CardReaderDevice extends DriverDevice {
  readonly id = 'cardReader' as const;

  constructor(
    private readonly reader: EktpReader,
    private readonly operationTimeoutMs: number,
  ) {
    super(reader);
  }

  details(): DeviceDetails {
    const i = this.reader.info();
    if (!i) return { firmware: 'not reported yet' };
    return { firmware: i.firmware, samPresent: i.samPresent, sensorOk: i.sensorOk, cardPresent: this.reader.cardPresent, maxPayload: i.maxPayload };
  }

  /** Asks the reader itself: firmware, SAM in its slot, fingerprint sensor healthy, not stuck busy. */
  selfTest(signal: AbortSignal): Promise<SelfTestReport> {
    return runChecks(
      this.id,
      () => this.reader.status(),
      [
        async () => {
          const r = await this.reader.getInfo(signal, { timeoutMs: this.operationTimeoutMs });
          if (!r.ok) return { name: 'status', ok: false, detail: `${r.error.reason}: ${r.error.message}` };
          const i = r.value;
          const problems = [!i.samPresent && 'no SAM in the slot', !i.sensorOk && 'fingerprint sensor fault', i.busy && 'reader busy'].filter((x): x is string => typeof x === 'string');
          return { name: 'status', ok: problems.length === 0, detail: problems.length ? problems.join(', ') : `answered: firmware ${i.firmware}, SAM present, sensor ok` };
        },
      ],
      signal,
    );
  }
}
