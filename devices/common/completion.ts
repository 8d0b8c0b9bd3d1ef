/**
 * XFS4IoT completion codes: how every device operation ends. A driver result carries one so the
 * flows can react by kind (retry, tell the citizen, call a technician) whatever the device.
 */
export const COMPLETION_CODES = [
  'success',
  'canceled',
  'timeOut',
  'deviceNotReady',
  'hardwareError',
  'userError',
  'invalidData',
  'unsupportedCommand',
  'sequenceError',
  'commandErrorCode',
] as const;
export type CompletionCode = (typeof COMPLETION_CODES)[number];
