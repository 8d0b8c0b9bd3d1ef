/**
 * Fleet topics: `adm/v1/<region>/<kiosk-id>/<channel>`. The region (four-digit regency/city code)
 * comes before the kiosk so that a district monitor or an ACL can take one region with
 * `adm/v1/3506/#`. `docs/fleet.md` documents each channel.
 */
export const TOPIC_ROOT = 'adm/v1';

/** What the kiosk publishes, and `cmd`, the one topic it reads. */
export const CHANNELS = ['state', 'telemetry', 'event', 'diagnostics', 'cmd'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Kiosk ids and region codes become topic levels, so they must never hold `/`, `+`, `#` or spaces. */
const LEVEL = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export interface KioskAddress {
  region: string;
  kiosk: string;
}

export function isTopicLevel(s: string): boolean {
  return LEVEL.test(s);
}

export function kioskTopic(address: KioskAddress, channel: Channel): string {
  if (!isTopicLevel(address.region) || !isTopicLevel(address.kiosk)) {
    throw new Error(`bug: kiosk address ${address.region}/${address.kiosk} is not a valid topic level`);
  }
  return `${TOPIC_ROOT}/${address.region}/${address.kiosk}/${channel}`;
}

/** The subscription a monitor uses: every kiosk, or every kiosk of one region. */
export function fleetFilter(region?: string): string {
  return region === undefined ? `${TOPIC_ROOT}/#` : `${TOPIC_ROOT}/${region}/#`;
}

export interface ParsedTopic extends KioskAddress {
  channel: Channel;
}

export function parseTopic(topic: string): ParsedTopic | null {
  const parts = topic.split('/');
  if (parts.length !== 5 || `${parts[0]}/${parts[1]}` !== TOPIC_ROOT) return null;
  const [, , region, kiosk, channel] = parts as [string, string, string, string, string];
  if (!isTopicLevel(region) || !isTopicLevel(kiosk)) return null;
  if (!(CHANNELS as readonly string[]).includes(channel)) return null;
  return { region, kiosk, channel: channel as Channel };
}
