import type { DeviceStatus } from '../../core/device-status.ts';

/** One `struct input_event`. */
export interface InputEvent {
  sec: number;
  usec: number;
  type: number;
  code: number;
  value: number;
}

/** `unknown` until the first switch event: the jack's state cannot be asked without an ioctl. */
export type JackState = 'plugged' | 'unplugged' | 'unknown';

export interface HeadphoneJackEvents {
  /** The headphones went in or came out (after the kernel's SYN_REPORT). */
  jack: [{ plugged: boolean; at: number }];
  status: [DeviceStatus];
  /** A frame that is not an input event (counted, never thrown). */
  badFrame: [EvdevFrameError];
}

export type EvdevFrameError =
  | { code: 'badType'; detail: string }
  | { code: 'badTime'; detail: string }
  | { code: 'badSwitchValue'; detail: string }
  | { code: 'truncated'; detail: string }
  | { code: 'dropped'; detail: string };
