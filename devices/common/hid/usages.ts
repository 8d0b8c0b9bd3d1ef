/** HID Usage Tables (HUT 1.4) codes the kiosk's HID devices name in their descriptors. */
export const USAGE_PAGE_GENERIC_DESKTOP = 0x01;
export const USAGE_PAGE_KEYBOARD = 0x07;
export const USAGE_PAGE_BARCODE_SCANNER = 0x8c;
/** Usages on the generic desktop page. */
export const USAGE_KEYBOARD = 0x06;
export const USAGE_KEYPAD = 0x07;
