import type { JourneySettings } from '../../flows/settings.ts';
import type { KioskConfig } from './schema.ts';

/** The journey's timings and limits, read once from the kiosk's configuration. */
export function journeySettings(config: KioskConfig): JourneySettings {
  return {
    fingerprintAttempts: config.session.fingerprintAttempts,
    inactivityWarningMs: config.session.inactivityWarningMs,
    inactivityTimeoutMs: config.session.inactivityTimeoutMs,
    takeDocumentTimeoutMs: config.session.takeDocumentTimeoutMs,
    thankYouMs: config.session.thankYouMs,
    endedNoticeMs: config.session.endedNoticeMs,
    deviceOperationMs: config.timeouts.deviceOperationMs,
    // The adapter times out first and returns a typed `timeout`; this bound only catches a hang.
    registryCallMs: config.registry.timeoutMs * 2 + 500,
    printJobMs: config.timeouts.printJobMs,
  };
}
