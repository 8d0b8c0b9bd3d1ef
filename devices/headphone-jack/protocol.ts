/**
 * The Linux input event interface (include/uapi/linux/input.h, input-event-codes.h) as far as a
 * sound card's jack switch uses it. Each read of /dev/input/eventN yields whole `struct input_event`
 * records: on 64-bit Linux `struct timeval` (two 64-bit longs) then type u16, code u16, value s32,
 * 24 bytes in all, in the machine's byte order (little-endian on the kiosk's x86-64 and arm64).
 */
export const INPUT_EVENT_BYTES = 24;

export const EV_SYN = 0x00;
export const EV_KEY = 0x01;
export const EV_SW = 0x05;
/** Highest event type the kernel defines (EV_MAX). */
export const EV_MAX = 0x1f;

export const SYN_REPORT = 0;
/** The kernel's buffer overflowed: events up to the next SYN_REPORT are lost, state must be re-read. */
export const SYN_DROPPED = 3;

export const SW_HEADPHONE_INSERT = 0x02;
export const SW_MICROPHONE_INSERT = 0x04;
export const SW_LINEOUT_INSERT = 0x06;
export const SW_JACK_PHYSICAL_INSERT = 0x07;
/** Highest switch code (SW_MAX). */
export const SW_MAX = 0x10;
