import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Finds the sound card's jack input device: /sys/class/input/eventN/device/name is the name the
 * kernel gives it (ALSA's HDA driver names it "HDA Intel PCH Headphone", USB cards "… Headphone").
 * Returns `/dev/input/eventN`, or null when none matches.
 */
export function findJackDevice(sysInputDir: string, nameContains: string): string | null {
  let entries: string[];
  try {
    entries = readdirSync(sysInputDir).filter((e) => /^event\d+$/.test(e));
  } catch {
    return null;
  }
  const wanted = nameContains.toLowerCase();
  for (const e of entries.sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))) {
    try {
      if (readFileSync(join(sysInputDir, e, 'device', 'name'), 'utf8').toLowerCase().includes(wanted)) return `/dev/input/${e}`;
    } catch {
      // A device that went away while we looked.
    }
  }
  return null;
}
