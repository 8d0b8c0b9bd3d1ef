import { defineEvents } from './define.ts';

/** Voice guidance, the accessibility keypad and the headphone jack. Spoken text is never logged (only its length). */
export const accessibilityEvents = defineEvents({
  'access.device_status': { level: 'info', meaning: 'The keypad or the headphone jack changed state (XFS4IoT vocabulary); reasons say why, e.g. not-connected, disconnected, permission-denied.' },
  'access.bad_input': { level: 'debug', meaning: 'A keypad report or a headphone-jack input event could not be read; it was skipped and counted.' },
  'access.guidance_changed': { level: 'info', meaning: 'Voice guidance started or stopped: why (headphones, help key, unplugged, session ended).' },
  'speech.refused': { level: 'warn', meaning: 'A clip was refused because its text would say personal data (a long number, a name); the text is not logged.' },
  'speech.unavailable': { level: 'warn', meaning: 'Speech cannot be synthesised (espeak-ng or its voice missing, synthesis failed or timed out); the UI goes on silently.' },
  'speech.request_refused': { level: 'warn', meaning: 'A request to the speech route was refused: wrong Host or Origin, no or wrong key, malformed body.' },
  'speech.locator_spoken': { level: 'debug', meaning: 'The idle locator announcement was played.' },
});
