import type { BootContext } from './context.ts';
import type { DeviceBoard } from '../../devices/common/device-board.ts';
import { createHeadphoneJack } from '../../devices/headphone-jack/factory.ts';
import type { HeadphoneJackDriver } from '../../devices/headphone-jack/driver.ts';
import type { HeadphoneJackSimulator } from '../../devices/headphone-jack/simulator.ts';
import type { KeypadDriver } from '../../devices/keypad/driver.ts';
import type { HealthSections } from '../server/healthz.ts';
import { describeSpeechError } from '../speech/errors.ts';
import { Guidance } from '../speech/guidance.ts';
import { IdleLocator } from '../speech/locator.ts';
import { addSpeechRoute } from '../speech/speech-route.ts';
import { SpeechService } from '../speech/speech-service.ts';
import type { JourneyHandle } from './wire-journey.ts';

export interface HeadphoneJackHandle {
  driver: HeadphoneJackDriver;
  simulator: HeadphoneJackSimulator | null;
}

/** The headphone jack: on the device board, logged, closed at shutdown. Before the journey (its dev panel drives the simulator). */
export async function wireHeadphoneJack(ctx: BootContext, board: DeviceBoard): Promise<HeadphoneJackHandle> {
  const { config, log } = ctx;
  const jack = await createHeadphoneJack(config.devices.headphoneJack, {});
  const { driver, simulator } = jack;
  driver.on('status', (s) => log.event('access.device_status', { device: 'headphoneJack', mode: config.devices.headphoneJack.mode, state: s.device, reasons: s.reasons, detail: s.detail }));
  driver.on('badFrame', (e) => log.event('access.bad_input', { device: 'headphoneJack', code: e.code, detail: e.detail }));
  board.add(() => driver.summary());
  ctx.lifecycle.add('headphone-jack', {
    start: () => driver.start(),
    stop: async () => {
      await driver.close();
      await jack.close();
    },
  });
  return { driver, simulator };
}

export interface GuidanceHandle {
  speech: SpeechService;
  guidance: Guidance;
}

/**
 * Voice guidance: the speech route on the UI's origin, the keypad's keys and the jack's state to the
 * touch UI, the idle locator, and a `speech` section in /healthz. The session machine is not touched:
 * the UI turns keys into the intents a finger would send (one key answers "are you still there?").
 */
export function wireGuidance(ctx: BootContext, w: { keypad: KeypadDriver; jack: HeadphoneJackDriver; journey: JourneyHandle; health: HealthSections }): GuidanceHandle {
  const { config, log } = ctx;
  const host = w.journey.host;
  const speech = new SpeechService(config.speech, config.dataDir, () => {
    const c = host.current().view.citizen;
    return { names: c ? [c.name] : [] };
  });
  addSpeechRoute(ctx.http.routes, { speech, authorized: (k) => w.journey.uiAuthorized(k), hosts: () => ctx.http.hosts(), log });

  const guidance = new Guidance({
    config: config.speech,
    send: (e) => w.journey.ui.sendAccess(e),
    onChange: (on, reason) => log.event('access.guidance_changed', { on, reason }),
  });
  w.journey.ui.onAttach(() => guidance.resend());
  w.jack.on('jack', (j) => guidance.jack(j.plugged));
  w.keypad.on('key', (k) => guidance.key(k));
  let screen = host.current().view.screen;
  const unsubscribe = host.subscribe((u) => {
    if (u.view.screen === screen) return;
    screen = u.view.screen;
    guidance.screen(screen);
  });

  const locator = new IdleLocator({
    config: config.speech.locator,
    idle: () => host.current().view.screen === 'attract',
    announce: (text) => {
      if (w.journey.ui.sendAccess({ kind: 'locator', text })) log.event('speech.locator_spoken', {});
    },
  });

  w.health.add('speech', () => ({
    enabled: config.speech.enabled,
    engine: speech.lastError ? speech.lastError.code : 'ready',
    guidance: guidance.on,
    sessionsWithGuidance: guidance.sessionsWithGuidance,
  }));
  ctx.lifecycle.add('guidance', {
    start: () => {
      locator.start();
      // Find out now whether espeak-ng and its voices are there, not when a citizen first needs them.
      if (config.speech.enabled) {
        void speech.probe().then((r) => {
          if (!r.ok) log.event('speech.unavailable', { code: r.error.code, detail: describeSpeechError(r.error) });
        });
      }
    },
    stop: () => {
      locator.stop();
      unsubscribe();
    },
  });
  return { speech, guidance };
}
