import type { KeypadLayoutError, KeypadReportError } from './types.ts';

/** One line for a technician about a report or descriptor the driver could not read. */
export function describeKeypadError(e: KeypadReportError | KeypadLayoutError): string {
  switch (e.code) {
    case 'wrongReportId':
      return `not a key report: ${e.detail}`;
    case 'truncated':
      return `key report cut short: ${e.detail}`;
    case 'noKeyArray':
      return `the report descriptor has no key array: ${e.detail}`;
    case 'badDescriptor':
      return `unreadable report descriptor: ${e.detail}`;
  }
}
