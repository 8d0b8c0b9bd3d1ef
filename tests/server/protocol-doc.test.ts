import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INTENT_TYPES } from '../../flows/intents.ts';
import { noticeSchema } from '../../flows/notices.ts';
import { SCREENS } from '../../flows/view.ts';
import { devPanelActionSchema } from '../../kiosk/devpanel/actions.ts';
import { ERROR_CODES, MAX_MESSAGE_BYTES, PROTOCOL_VERSION } from '../../kiosk/server/ws/protocol.ts';

const doc = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');
/** Named in code font, alone or followed by its parameters (`card.tap {nik}`). */
const ticked = (name: string) => doc.includes(`\`${name}\``) || doc.includes(`\`${name} {`);

describe('docs/protocol.md names everything the schemas define', () => {
  it.each([
    ['screen', [...SCREENS]],
    ['intent', INTENT_TYPES],
    ['notice', noticeSchema.options.map((o) => o.shape.code.value)],
    ['error code', [...ERROR_CODES]],
    ['dev panel action', devPanelActionSchema.options.map((o) => o.shape.action.value)],
  ])('every %s', (_kind, names) => {
    const missing = (names as string[]).filter((n) => !ticked(n));
    expect(missing).toEqual([]);
  });

  it('states the version and the size limit the server enforces', () => {
    expect(doc).toContain(`"v": ${PROTOCOL_VERSION}`);
    expect(doc).toContain(`${MAX_MESSAGE_BYTES} bytes`);
  });
});
