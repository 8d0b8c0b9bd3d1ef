import { accessSync, constants, existsSync } from 'node:fs';
import type { CheckOutcome, DoctorCheck } from './check.ts';
import { describeMatch, pickDevice } from '../../devices/common/hid/device-match.ts';
import { loadNodeHid } from '../../devices/common/hid/node-hid-loader.ts';
import { NodeHidTransport, readDescriptor } from '../../devices/common/hid/node-hid-transport.ts';
import { parseReportDescriptor } from '../../devices/common/hid/report-descriptor.ts';
import { findJackDevice } from '../../devices/headphone-jack/device-lookup.ts';
import { keypadMatch } from '../../devices/keypad/factory.ts';
import { keypadLayout } from '../../devices/keypad/keypad-layout.ts';
import { describeSpeechError } from '../speech/errors.ts';
import { synthesize } from '../speech/espeak.ts';

/** `adm doctor` for the accessibility keypad: node-hid loads, the keypad is plugged in, readable, and has a key array. */
export const keypadCheck: DoctorCheck = {
  name: 'Accessibility keypad (HID)',
  async run(config) {
    const k = config.devices.keypad;
    if (k.mode !== 'hid') return [{ status: 'ok', detail: `keypad: ${k.mode === 'none' ? 'off (mode none)' : 'simulated'}` }];
    const loaded = await loadNodeHid();
    if (!loaded.ok) return [{ status: 'fail', detail: `node-hid cannot load (${loaded.error.reason}): ${loaded.error.detail}; see docs/devices/keypad.md` }];
    const listed = await new NodeHidTransport(loaded.value).list(AbortSignal.timeout(config.timeouts.deviceOperationMs));
    if (!listed.ok) return [{ status: 'fail', detail: `cannot list HID devices: ${listed.error.code}` }];
    const match = keypadMatch({ vendorId: k.vendorId, productId: k.productId });
    const found = pickDevice(listed.value, match);
    if (!found) return [{ status: 'warn', detail: `keypad: not connected (no HID device matches ${describeMatch(match)}). The touchscreen works without it.` }];
    if (found.path.startsWith('/dev/') && existsSync(found.path)) {
      try {
        accessSync(found.path, constants.R_OK);
      } catch {
        return [{ status: 'fail', detail: `keypad at ${found.path} is not readable by this user: install the udev rule from docs/devices/keypad.md` }];
      }
    }
    const bytes = readDescriptor('/sys/class/hidraw', found.path);
    const parsed = bytes ? parseReportDescriptor(bytes) : null;
    const layout = parsed?.ok ? keypadLayout(parsed.value) : null;
    if (!layout?.ok) return [{ status: 'warn', detail: `keypad at ${found.path} found, but its descriptor has no readable key array` }];
    return [{ status: 'ok', detail: `keypad: ${found.product ?? 'HID keypad'} at ${found.path}, ${layout.value.slots.length} keys at once` }];
  },
};

/** The headphone jack's input device exists and the kiosk user may read it. */
export const headphoneJackCheck: DoctorCheck = {
  name: 'Headphone jack (evdev)',
  run(config): CheckOutcome[] {
    const j = config.devices.headphoneJack;
    if (j.mode !== 'evdev') return [{ status: 'ok', detail: `headphone jack: ${j.mode === 'none' ? 'off (mode none)' : 'simulated'}` }];
    const path = j.path ?? findJackDevice(j.sysInputDir, j.nameContains);
    if (!path) return [{ status: 'warn', detail: `no input device named "…${j.nameContains}…" in ${j.sysInputDir}: set devices.headphoneJack.path (see docs/devices/headphone-jack.md)` }];
    if (!existsSync(path)) return [{ status: 'warn', detail: `${path} does not exist` }];
    try {
      accessSync(path, constants.R_OK);
    } catch {
      return [{ status: 'fail', detail: `${path} is not readable by this user: install the udev rule from scripts/systemd/60-adm-kiosk.rules (group adm-devices)` }];
    }
    return [{ status: 'ok', detail: `headphone jack: reading ${path}` }];
  },
};

/** espeak-ng is installed and has both voices. */
export const speechCheck: DoctorCheck = {
  name: 'Voice guidance (espeak-ng)',
  async run(config) {
    const s = config.speech;
    if (!s.enabled) return [{ status: 'ok', detail: 'speech: off (speech.enabled false)' }];
    const out: CheckOutcome[] = [];
    for (const lang of ['id', 'en'] as const) {
      const r = await synthesize(lang === 'id' ? 'Tes.' : 'Test.', { command: s.command, voice: s.voices[lang], rate: s.rates[0]!, timeoutMs: s.synthTimeoutMs });
      out.push(r.ok ? { status: 'ok', detail: `speech: ${s.command} speaks voice "${s.voices[lang]}"` } : { status: 'fail', detail: describeSpeechError(r.error) });
    }
    return out;
  },
};
