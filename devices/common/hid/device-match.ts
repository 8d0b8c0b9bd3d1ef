import type { HidDeviceInfo } from './types.ts';

/** Which HID interface a driver wants. Unset ids match any vendor/product. */
export interface HidMatch {
  vendorId?: number;
  productId?: number;
  /**
   * Wanted top-level collections, most preferred first, e.g. `[{ usagePage: 0x8C }]` for a HID POS
   * scanner. Enumeration lists one entry per collection, so a composite device shows several.
   */
  collections: Array<{ usagePage: number; usage?: number }>;
}

/**
 * Picks the interface to open: vendor/product must match when set; then the most preferred
 * collection wins. An entry without a usage page (older hidapi backends) is taken only when the
 * ids were given, because then the configuration has said which device it is.
 */
export function pickDevice(devices: readonly HidDeviceInfo[], match: HidMatch): HidDeviceInfo | undefined {
  const candidates = devices.filter(
    (d) => (match.vendorId === undefined || d.vendorId === match.vendorId) && (match.productId === undefined || d.productId === match.productId),
  );
  for (const wanted of match.collections) {
    const hit = candidates.find((d) => d.usagePage === wanted.usagePage && (wanted.usage === undefined || d.usage === wanted.usage));
    if (hit) return hit;
  }
  if (match.vendorId !== undefined && match.productId !== undefined) return candidates.find((d) => d.usagePage === undefined);
  return undefined;
}

export function describeMatch(match: HidMatch): string {
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  const ids = match.vendorId === undefined ? 'any vendor' : `${hex(match.vendorId)}:${match.productId === undefined ? '*' : hex(match.productId)}`;
  const pages = match.collections.map((c) => `0x${c.usagePage.toString(16)}${c.usage === undefined ? '' : `/0x${c.usage.toString(16)}`}`).join(' or ');
  return `${ids}, usage page ${pages}`;
}
