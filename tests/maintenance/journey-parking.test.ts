import { SimulatedClock } from 'xstate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JourneyHost } from '../../flows/host.ts';
import type { PrintHandle } from '../../flows/ports.ts';
import { ok } from '../../core/result.ts';
import { CITIZEN, LISTINGS, NIK, SETTINGS } from '../flows/support/fixtures.ts';
import { READY, ScriptedPorts, settle } from '../flows/support/scripted-ports.ts';
import { MaintenanceApi } from './support/api.ts';
import { startRig, TECH_PIN, type Rig } from './support/rig.ts';

/**
 * The real session machine (in its host) next to maintenance, joined as the kiosk joins them: the
 * journey reads the service state's `technician` reason as "out of service: technician".
 */
let rig: Rig;
let journey: JourneyHost;
let ports: ScriptedPorts;
let unsubscribe: () => void;

beforeAll(async () => {
  rig = await startRig({ devices: false });
});
afterAll(async () => rig?.close());
afterEach(async () => {
  const m = rig.handle.maintenance;
  if (m.mode.state !== 'inactive') m.mode.leave('canceled');
  for (let i = 0; i < 100 && m.mode.state !== 'inactive'; i++) await new Promise((r) => setTimeout(r, 10));
  unsubscribe?.();
  journey?.stop();
});

function startJourney(): void {
  ports = new ScriptedPorts();
  const mirror = () => ports.setKiosk({ ...READY, outOfService: rig.service.has('technician') ? 'technician' : null });
  unsubscribe = rig.service.subscribe(mirror);
  mirror();
  journey = new JourneyHost({ ports, settings: SETTINGS, clock: new SimulatedClock(), language: 'id' });
  rig.citizens.use(journey);
}

const screen = () => journey.current().view.screen;
const handle = (over: Partial<PrintHandle> = {}): PrintHandle => ({ ledgerId: 'L0001', application: LISTINGS[0]!.application, pages: 1, ...over });
const until = async (pred: () => boolean) => {
  for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 10));
  return pred();
};

async function signedIn(): Promise<void> {
  journey.send({ type: 'start' });
  journey.send({ type: 'method', method: 'nik' });
  journey.send({ type: 'submitLogin', nik: NIK, pin: '123456' });
  await settle();
  ports.answer('registry.signInWithPin', ok(CITIZEN));
  await settle();
  ports.answer('registry.listDocuments', ok(LISTINGS));
  await settle();
}

describe('entering maintenance with a citizen at the kiosk', () => {
  it('ends a session that has not reached printing, kindly, and opens the sign-in at once', async () => {
    startJourney();
    await signedIn();
    expect(screen()).toBe('documents');
    const api = new MaintenanceApi(rig.url);
    await api.post('enter', { source: 'gesture' });
    await settle();
    expect(journey.current().view.notice).toMatchObject({ code: 'out_of_service', reason: 'technician' });
    expect(journey.current().view.citizen).toBeNull();
    expect((await api.get('state')).body).toMatchObject({ mode: 'active', signingIn: true });
  });

  it("lets a print under way finish, then the citizen's session goes on to the end; nobody new can start", async () => {
    startJourney();
    await signedIn();
    journey.send({ type: 'choose', applicationId: 'app-kk' });
    journey.send({ type: 'submitPin', pin: '654321' });
    journey.send({ type: 'confirm' });
    await settle();
    expect(journey.printing()).toBe(true);

    const api = new MaintenanceApi(rig.url);
    await api.post('enter', { source: 'gesture' });
    expect((await api.get('state')).body).toMatchObject({ mode: 'enterPending', waitingForPrint: true });
    // The print is not disturbed: every step still runs.
    ports.answer('print.claim', ok(handle({ pages: null })));
    await settle();
    ports.answer('print.render', ok(handle()));
    await settle();
    ports.answer('print.submit', ok(handle()));
    await settle();
    expect((await api.get('state')).body).toMatchObject({ mode: 'enterPending' });
    ports.answer('print.watch', ok({ ...handle(), registryConfirmed: true }));
    await settle();
    ports.answer('print.receipt', ok(undefined));
    await settle();
    expect(screen()).toBe('take-document');
    expect(await until(() => rig.handle.maintenance.mode.signingIn)).toBe(true);

    // The citizen takes the document and is thanked; then the kiosk is closed to the next one.
    journey.send({ type: 'finish' });
    await settle();
    expect(screen()).toBe('thank-you');
    // Signed in, the technician works while the citizen's session winds down.
    expect((await api.signIn(TECH_PIN)).status).toBe(200);
    journey.send({ type: 'dismiss' });
    await settle();
    expect(await until(() => screen() === 'out-of-service')).toBe(true);
    journey.send({ type: 'start' });
    expect(screen()).toBe('out-of-service');

    await api.post('leave');
    expect(await until(() => screen() === 'attract')).toBe(true);
  });
});
