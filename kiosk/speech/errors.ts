/** Known failures of voice guidance. None of them stops the kiosk: the UI goes on silently. */
export type SpeechError =
  /** espeak-ng is not installed (Debian package espeak-ng). */
  | { code: 'engineMissing'; detail: string }
  | { code: 'voiceMissing'; voice: string; detail: string }
  | { code: 'synthFailed'; detail: string }
  | { code: 'timeOut'; timeoutMs: number }
  | { code: 'disabled' }
  /** Whoever asked went away first (the page moved on to the next focus). */
  | { code: 'canceled' }
  /** The text would say personal data aloud (a NIK, a name); refused, never spoken. */
  | { code: 'personalData'; detail: string }
  | { code: 'badText'; detail: string };

export function describeSpeechError(e: SpeechError): string {
  switch (e.code) {
    case 'engineMissing':
      return `espeak-ng is not installed: apt-get install espeak-ng (${e.detail})`;
    case 'voiceMissing':
      return `espeak-ng has no voice "${e.voice}": ${e.detail}`;
    case 'synthFailed':
      return `speech synthesis failed: ${e.detail}`;
    case 'timeOut':
      return `speech synthesis took longer than ${e.timeoutMs} ms`;
    case 'disabled':
      return 'speech is off in the configuration';
    case 'canceled':
      return 'the clip was no longer wanted';
    case 'personalData':
      return `refused to speak personal data: ${e.detail}`;
    case 'badText':
      return `not speakable: ${e.detail}`;
  }
}
