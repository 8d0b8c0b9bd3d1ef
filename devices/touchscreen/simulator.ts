import { err, ok, type Result } from '../../core/result.ts';
import { sleep } from '../common/deadline.ts';
import { HidSimulator, ownLayout, simulatedDevice } from '../common/hid/hid-simulator.ts';
import type { MemoryHidBus, SimulatedHidDevice } from '../common/hid/memory-transport.ts';
import { encodeTouchFrame } from './digitizer-encoder.ts';
import { digitizerLayout, type DigitizerLayout } from './digitizer-layout.ts';
import { multiTouchDescriptor, singleTouchDescriptor } from './descriptors.ts';
import type { Contact, Corner } from './types.ts';

/** pid.codes test IDs: never a real product. */
export const SIMULATED_TOUCHSCREEN_IDS = { vendorId: 0x1209, productId: 0x0002 } as const;

export type TouchscreenSimulatorError = { code: 'unplugged' } | { code: 'notOpen' } | { code: 'badPosition'; detail: string } | { code: 'canceled' };

export interface TouchscreenSimulatorOptions {
  bus: MemoryHidBus;
  /** `multi`: 10-point capacitive with hybrid reports; `single`: old resistive panel. */
  panel?: 'multi' | 'single';
  path?: string;
}

/** Where a corner tap lands: well inside the corner zone, as a technician's finger would. */
const CORNER_POINT: Record<Corner, [number, number]> = {
  topLeft: [0.03, 0.03],
  topRight: [0.97, 0.03],
  bottomRight: [0.97, 0.97],
  bottomLeft: [0.03, 0.97],
};

/** The simulated panel as the bus lists it, and the report layout its descriptor gives. */
function panelOf(options: TouchscreenSimulatorOptions): { device: SimulatedHidDevice; layout: DigitizerLayout } {
  const descriptor = options.panel === 'single' ? singleTouchDescriptor() : multiTouchDescriptor();
  const layout = ownLayout(descriptor, digitizerLayout, 'simulated touchscreen descriptor has no touch report');
  const device = simulatedDevice(
    {
      ...SIMULATED_TOUCHSCREEN_IDS,
      path: options.path ?? '/sim/hidraw-touchscreen',
      usagePage: 0x0d,
      usage: 0x04,
      product: `Simulated ${options.panel === 'single' ? 'single' : '10-point'} touch panel`,
    },
    descriptor,
  );
  return { device, layout };
}

/**
 * A touch panel on the far end of the simulated HID bus. Fingers go down and up as digitizer reports
 * laid out by the panel's own descriptor, so the driver's descriptor parser and report reader run
 * as on a kiosk. The dev panel drives it: touch at x/y, the technician gesture, unplug/replug.
 */
export class TouchscreenSimulator extends HidSimulator {
  readonly #layout: DigitizerLayout;
  readonly #fingers = new Map<number, Contact>();
  #nextId = 0;

  constructor(options: TouchscreenSimulatorOptions) {
    const panel = panelOf(options);
    super(options.bus, panel.device);
    this.#layout = panel.layout;
  }

  override unplug(): void {
    this.#fingers.clear();
    super.unplug();
  }

  /** Puts a finger down at (x, y), fractions of width and height; returns its contact id. */
  down(x: number, y: number): Result<number, TouchscreenSimulatorError> {
    if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) return err({ code: 'badPosition', detail: `(${x}, ${y}) is outside 0..1` });
    const id = this.#layout.slots[0]?.contactId ? this.#nextId++ % 256 : 0;
    const sent = this.#frame([...this.#fingers.values(), { id, tip: true, x, y }]);
    if (!sent.ok) return sent;
    this.#fingers.set(id, { id, tip: true, x, y });
    return ok(id);
  }

  /** Lifts finger `id`. */
  up(id: number): Result<void, TouchscreenSimulatorError> {
    const f = this.#fingers.get(id);
    if (!f) return ok(undefined);
    const rest = [...this.#fingers.values()].filter((c) => c.id !== id);
    const sent = this.#frame([...rest, { ...f, tip: false }]);
    this.#fingers.delete(id);
    return sent;
  }

  /** A tap: down, hold, up. */
  async touch(x: number, y: number, options: { holdMs?: number; signal?: AbortSignal } = {}): Promise<Result<void, TouchscreenSimulatorError>> {
    const id = this.down(x, y);
    if (!id.ok) return id;
    const held = await sleep(options.holdMs ?? 60, options.signal);
    const lifted = this.up(id.value);
    if (!held) return err({ code: 'canceled' });
    return lifted;
  }

  /** Taps the corners of `sequence` in order, as a technician does to open the maintenance sign-in. */
  async performGesture(
    sequence: readonly Corner[] = ['topLeft', 'topRight', 'bottomRight', 'bottomLeft'],
    options: { gapMs?: number; signal?: AbortSignal } = {},
  ): Promise<Result<void, TouchscreenSimulatorError>> {
    for (const [i, corner] of sequence.entries()) {
      if (i > 0 && !(await sleep(options.gapMs ?? 150, options.signal))) return err({ code: 'canceled' });
      const [x, y] = CORNER_POINT[corner];
      const r = await this.touch(x, y, options.signal ? { signal: options.signal } : {});
      if (!r.ok) return r;
    }
    return ok(undefined);
  }

  /** Sends reports as they are (broken frames, other report IDs). */
  sendReports(reports: readonly Uint8Array[]): Result<void, TouchscreenSimulatorError> {
    const sent = this.send(reports);
    return sent.ok ? ok(undefined) : sent;
  }

  #frame(contacts: Contact[]): Result<void, TouchscreenSimulatorError> {
    return this.sendReports(encodeTouchFrame(this.#layout, contacts));
  }
}

