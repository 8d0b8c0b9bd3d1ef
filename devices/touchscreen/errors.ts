/** Known failures of the touch panel: a report or a report descriptor it cannot read. */

export type DigitizerReportError =
  | { code: 'truncated'; detail: string }
  | { code: 'outOfRange'; detail: string };

export type DigitizerLayoutError =
  | { code: 'noTouchCollection'; detail: string }
  | { code: 'noCoordinates'; detail: string }
  | { code: 'badDescriptor'; detail: string };
