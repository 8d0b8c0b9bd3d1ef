import { button, h, icon } from './dom.js';
import { formatDate, noticeText, t, unavailableText, UNAVAILABLE } from './i18n.js';
import { digitField, keypad } from './keypad.js';

// One function per screen. Each builds the screen from the view the kiosk sent and the digits
// typed on this page (`entry`); `act(intent)` sends a citizen intent. Only buttons for intents the
// kiosk accepts now (`view.actions`) are shown.

const can = (view, type) => view.actions.includes(type);

function noticeBox(view, { tone = 'warn' } = {}) {
  if (!view.notice) return null;
  const [title, body] = noticeText(view.notice, view.language);
  return h('div', { class: `notice notice-${tone}`, role: 'alert', 'data-testid': 'notice', 'data-code': view.notice.code }, icon(tone === 'warn' ? 'warning' : 'info', 'notice-icon'), h('div', {}, h('strong', {}, title), h('p', {}, body)));
}

function title(text, sub) {
  return [h('h1', {}, text), sub ? h('p', { class: 'lead' }, sub) : null];
}

/** A one-message screen: an icon, a heading and a lead line, then whatever the screen adds. */
function message(iconName, iconClass, heading, lead, ...rest) {
  return h('div', { class: 'message' }, icon(iconName, iconClass), h('h1', {}, heading), h('p', { class: 'lead' }, lead), ...rest);
}

function progress(text, sub) {
  return h('div', { class: 'progress', role: 'status' }, h('div', { class: 'spinner', 'aria-hidden': 'true' }), h('h1', {}, text), sub ? h('p', { class: 'lead' }, sub) : null);
}

function bigMessage(view, iconName, fallbackTitle, fallbackBody) {
  const [nt, nb] = view.notice ? noticeText(view.notice, view.language) : [fallbackTitle, fallbackBody];
  const code = view.notice ? view.notice.code : undefined;
  return h('div', { class: 'message', 'data-testid': view.notice ? 'notice' : undefined, 'data-code': code, role: 'alert' }, icon(iconName, 'icon-huge'), h('h1', {}, nt), h('p', { class: 'lead' }, nb));
}

const SCREENS = {
  'out-of-service'(view) {
    const l = view.language;
    if (view.outOfService === 'closed' || view.outOfService === 'registry_unreachable') {
      // Nobody may be there to switch the language: Bahasa Indonesia first, English below it.
      const other = l === 'id' ? 'en' : 'id';
      const [t1, b1] = unavailableText(view, l);
      const [t2, b2] = unavailableText(view, other);
      return h(
        'div',
        { class: 'message', role: 'status', 'data-testid': 'unavailable', 'data-reason': view.outOfService, 'data-opens-at': view.opensAt || undefined },
        icon(view.outOfService === 'closed' ? 'info' : 'warning', 'icon-huge'),
        h('h1', { lang: l }, t1),
        h('p', { class: 'lead', lang: l }, b1),
        h('h2', { class: 'second-language', lang: other }, t2),
        h('p', { class: 'second-language', lang: other }, b2),
      );
    }
    return message('warning', 'icon-huge', t(l, 'outOfService'), view.outOfService ? t(l, 'oos_' + view.outOfService) : '', h('p', { class: 'lead' }, t(l, 'outOfServiceNext')));
  },

  attract(view, { act }) {
    const l = view.language;
    return h(
      'div',
      { class: 'attract' },
      h('div', { class: 'attract-art' }, icon('idcard', 'icon-hero'), icon('document', 'icon-hero'), icon('printer', 'icon-hero')),
      ...title(t(l, 'welcome'), t(l, 'attractLead')),
      noticeBox(view, { tone: 'info' }),
      button(t(l, 'start'), () => act({ type: 'start' }), { kind: 'hero', testid: 'start', disabled: !can(view, 'start') }),
      h('p', { class: 'hint' }, t(l, 'attractCard')),
      h('p', { class: 'docs-line' }, t(l, 'attractDocs')),
    );
  },

  'choose-method'(view, { act }) {
    const l = view.language;
    const tile = (method, iconName, label, hint, enabled) =>
      h(
        'button',
        { type: 'button', class: 'tile', disabled: !enabled, 'data-testid': `method-${method}`, onTap: enabled ? () => act({ type: 'method', method }) : undefined },
        icon(iconName, 'icon-tile'),
        h('span', { class: 'tile-label' }, label),
        h('span', { class: 'tile-hint' }, enabled ? hint : t(l, 'methodOff')),
      );
    return h(
      'div',
      {},
      ...title(t(l, 'chooseMethod')),
      noticeBox(view),
      h('div', { class: 'tiles' }, tile('ektp', 'card', t(l, 'methodEktp'), t(l, 'methodEktpHint'), view.signIn.ektp), tile('nik', 'keypad', t(l, 'methodNik'), t(l, 'methodNikHint'), true), tile('qr', 'qr', t(l, 'methodQr'), t(l, 'methodQrHint'), view.signIn.qr)),
    );
  },

  'card-wait'(view) {
    const l = view.language;
    return message('card', 'icon-huge pulse', t(l, 'cardWait'), t(l, 'cardWaitHint'), noticeBox(view));
  },

  'card-reading'(view) {
    const l = view.language;
    return progress(t(l, 'cardReading'), t(l, 'cardReadingHint'));
  },

  finger(view, { act }) {
    const l = view.language;
    return message(
      'finger',
      'icon-huge pulse',
      t(l, 'finger'),
      t(l, 'fingerHint'),
      noticeBox(view),
      // After a mismatch the notice already says how many tries are left.
      view.finger ? h('p', { class: `attempts${view.notice ? ' visually-hidden' : ''}`, 'data-testid': 'finger-attempts' }, t(l, 'fingerLeft', view.finger.attemptsLeft)) : null,
      can(view, 'useNik') ? button(t(l, 'useNik'), () => act({ type: 'useNik' }), { kind: 'secondary', testid: 'use-nik' }) : null,
    );
  },

  'finger-locked'(view, { act }) {
    const l = view.language;
    return message('info', 'icon-huge', t(l, 'fingerLocked'), t(l, 'fingerLockedHint'), button(t(l, 'useNik'), () => act({ type: 'useNik' }), { kind: 'hero', testid: 'use-nik' }));
  },

  'reader-fault'(view, { act }) {
    const l = view.language;
    return message('warning', 'icon-huge', t(l, 'readerFault'), t(l, 'readerFaultHint'), button(t(l, 'useNik'), () => act({ type: 'useNik' }), { kind: 'hero', testid: 'use-nik' }));
  },

  'signing-in'(view) {
    return progress(t(view.language, 'signingIn'));
  },

  'registry-down'(view, { act }) {
    const l = view.language;
    return message('warning', 'icon-huge', t(l, 'registryDown'), t(l, 'registryDownHint'), button(t(l, 'retry'), () => act({ type: 'retry' }), { kind: 'hero', testid: 'retry' }));
  },

  'nik-pin'(view, { act, entry, redraw }) {
    const l = view.language;
    const field = entry.field === 'pin' ? 'pin' : 'nik';
    const max = field === 'nik' ? 16 : 6;
    const ready = entry.nik.length === 16 && entry.pin.length === 6;
    return h(
      'div',
      { class: 'entry' },
      ...title(t(l, 'nikPin')),
      noticeBox(view),
      h(
        'div',
        { class: 'entry-body' },
        h(
          'div',
          { class: 'entry-fields' },
          digitField({ label: t(l, 'nik'), value: entry.nik, max: 16, secret: false, selected: field === 'nik', testid: 'field-nik', onSelect: () => redraw({ field: 'nik' }) }),
          digitField({ label: t(l, 'pin'), value: entry.pin, max: 6, secret: true, selected: field === 'pin', testid: 'field-pin', onSelect: () => redraw({ field: 'pin' }) }),
          button(t(l, 'signIn'), () => act({ type: 'submitLogin', nik: entry.nik, pin: entry.pin }), { kind: 'hero', testid: 'sign-in', disabled: !ready }),
        ),
        keypad({
          value: entry[field],
          max,
          lang: l,
          onChange: (v) => redraw({ [field]: v, field: field === 'nik' && v.length === 16 ? 'pin' : field }),
        }),
      ),
    );
  },

  'qr-scan'(view) {
    const l = view.language;
    return message('qr', 'icon-huge pulse', t(l, 'qrScan'), t(l, 'qrScanHint'), noticeBox(view));
  },

  'documents-loading'(view) {
    return progress(t(view.language, 'loadingDocs'));
  },

  documents(view, { act }) {
    const l = view.language;
    const card = (d) => {
      let status;
      if (d.status === 'ready') status = h('span', { class: 'badge badge-ok' }, t(l, 'ready'));
      else if (d.status === 'unavailable') status = h('span', { class: 'badge badge-off' }, t(l, 'unavailable', UNAVAILABLE[l][d.reason]));
      else if (d.status === 'not-yet') status = h('span', { class: 'badge badge-wait' }, t(l, 'notYet', formatDate(d.date, l)));
      else if (d.status === 'in-review') status = h('span', { class: 'badge badge-wait' }, t(l, 'inReview', formatDate(d.date, l)));
      else status = h('span', { class: 'badge badge-wait' }, t(l, 'inProgress', d.date ? formatDate(d.date, l) : ''));
      const printable = d.status === 'ready';
      return h(
        'li',
        { class: `doc doc-${d.status}`, 'data-testid': `doc-${d.id}` },
        icon(d.media === 'card' ? 'idcard' : 'document', 'icon-doc'),
        h('div', { class: 'doc-text' }, h('strong', {}, d.title), h('span', { class: 'doc-number' }, d.number), status),
        printable ? button(t(l, 'print'), () => act({ type: 'choose', applicationId: d.id }), { kind: 'primary', testid: `print-${d.id}` }) : h('button', { type: 'button', class: 'btn btn-ghost', 'data-testid': `why-${d.id}`, onTap: () => act({ type: 'choose', applicationId: d.id }) }, t(l, 'why')),
      );
    };
    return h(
      'div',
      {},
      view.citizen ? h('p', { class: 'greeting', 'data-testid': 'greeting' }, t(l, 'hello', view.citizen.name), h('span', { class: 'nik' }, view.citizen.nik)) : null,
      ...title(t(l, 'documents')),
      noticeBox(view),
      view.documents.length ? h('ul', { class: 'docs' }, view.documents.map(card)) : h('p', { class: 'lead' }, t(l, 'noDocuments')),
    );
  },

  proof(view, { act, entry, redraw }) {
    const l = view.language;
    const ready = entry.docPin.length === 6;
    return h(
      'div',
      { class: 'entry' },
      view.selected ? h('p', { class: 'selected' }, icon(view.selected.media === 'card' ? 'idcard' : 'document', 'icon-inline'), view.selected.title) : null,
      ...title(t(l, 'proof'), t(l, 'proofHint')),
      noticeBox(view),
      h(
        'div',
        { class: 'entry-body' },
        h(
          'div',
          { class: 'entry-fields' },
          digitField({ label: t(l, 'pin'), value: entry.docPin, max: 6, secret: true, selected: true, testid: 'field-doc-pin', onSelect: () => undefined }),
          button(t(l, 'next'), () => act({ type: 'submitPin', pin: entry.docPin }), { kind: 'hero', testid: 'submit-pin', disabled: !ready }),
        ),
        keypad({ value: entry.docPin, max: 6, lang: l, onChange: (v) => redraw({ docPin: v }) }),
      ),
    );
  },

  confirm(view, { act }) {
    const l = view.language;
    const d = view.selected;
    return h(
      'div',
      { class: 'message' },
      icon(d && d.media === 'card' ? 'idcard' : 'document', 'icon-huge'),
      h('h1', {}, t(l, 'confirm')),
      d ? h('div', { class: 'confirm-doc' }, h('strong', {}, d.title), h('span', { class: 'doc-number' }, d.number), h('span', {}, t(l, d.media))) : null,
      h('p', { class: 'lead' }, t(l, 'confirmOnce')),
      noticeBox(view),
      h('div', { class: 'row' }, can(view, 'back') ? button(t(l, 'back'), () => act({ type: 'back' }), { kind: 'secondary', testid: 'back-confirm' }) : null, button(t(l, 'yesPrint'), () => act({ type: 'confirm' }), { kind: 'hero', testid: 'confirm' })),
    );
  },

  printing(view) {
    const l = view.language;
    const p = view.progress || { phase: 'checking', page: 0, pages: null };
    const text = p.phase === 'printing' && p.pages ? t(l, 'phase_page', Math.max(1, p.page), p.pages) : t(l, 'phase_' + p.phase);
    const order = ['checking', 'preparing', 'sending', 'printing', 'finishing', 'receipt'];
    const step = order.indexOf(p.phase);
    const fraction = p.phase === 'printing' && p.pages ? (3 + p.page / p.pages) / 6 : (step + 0.5) / 6;
    // Set through the CSSOM: the page's CSP allows no inline style attributes.
    const fill = h('div', { class: 'bar-fill' });
    fill.style.width = `${Math.round(fraction * 100)}%`;
    return h(
      'div',
      { class: 'progress', role: 'status' },
      icon('printer', 'icon-huge pulse'),
      h('h1', { 'data-testid': 'print-progress', 'data-phase': p.phase }, text),
      h('div', { class: 'bar' }, fill),
      h('p', { class: 'lead' }, t(l, 'stay')),
    );
  },

  'print-failed'(view, { act }) {
    const l = view.language;
    return h(
      'div',
      {},
      bigMessage(view, 'warning', t(l, 'printFailed'), t(l, 'printFailedHint')),
      h('div', { class: 'row' }, can(view, 'another') ? button(t(l, 'another'), () => act({ type: 'another' }), { kind: 'secondary', testid: 'another' }) : null, button(t(l, 'finish'), () => act({ type: 'finish' }), { kind: 'hero', testid: 'finish' })),
    );
  },

  'print-unknown'(view, { act }) {
    const l = view.language;
    return h('div', {}, bigMessage(view, 'info', t(l, 'printUnknown'), t(l, 'printUnknownHint')), view.result ? h('p', { class: 'reference', 'data-testid': 'reference' }, t(l, 'reference', view.result.reference)) : null, button(t(l, 'finish'), () => act({ type: 'finish' }), { kind: 'hero', testid: 'finish' }));
  },

  'take-document'(view, { act }) {
    const l = view.language;
    return message(
      'check',
      'icon-huge',
      t(l, 'take'),
      t(l, 'takeHint', view.result ? view.result.pages : null),
      view.result ? h('p', { class: 'reference', 'data-testid': 'reference' }, t(l, 'reference', view.result.reference)) : null,
      noticeBox(view),
      h('div', { class: 'row' }, can(view, 'another') ? button(t(l, 'another'), () => act({ type: 'another' }), { kind: 'secondary', testid: 'another' }) : null, button(t(l, 'finish'), () => act({ type: 'finish' }), { kind: 'hero', testid: 'finish' })),
      can(view, 'nothingCameOut') ? button(t(l, 'nothingCameOut'), () => act({ type: 'nothingCameOut' }), { kind: 'secondary', testid: 'nothing-came-out' }) : null,
    );
  },

  'print-reported'(view, { act }) {
    const l = view.language;
    return h(
      'div',
      {},
      bigMessage(view, 'info', t(l, 'reported'), t(l, 'reportedHint')),
      view.result ? h('p', { class: 'reference', 'data-testid': 'reference' }, t(l, 'reference', view.result.reference)) : null,
      button(t(l, 'finish'), () => act({ type: 'finish' }), { kind: 'hero', testid: 'finish' }),
    );
  },

  'thank-you'(view, { act }) {
    const l = view.language;
    return message('check', 'icon-huge', t(l, 'thanks'), t(l, 'thanksHint'), button(t(l, 'ok'), () => act({ type: 'dismiss' }), { kind: 'secondary', testid: 'dismiss' }));
  },

  ended(view, { act }) {
    const l = view.language;
    return h('div', {}, bigMessage(view, 'info', t(l, 'ended'), ''), button(t(l, 'ok'), () => act({ type: 'dismiss' }), { kind: 'hero', testid: 'dismiss' }));
  },
};

/** The screen for a view, with the footer buttons (back, cancel, finish) it allows. */
export function renderScreen(view, ctx) {
  const build = SCREENS[view.screen];
  const body = build ? build(view, ctx) : h('p', {}, view.screen);
  const l = view.language;
  const footer = [];
  const inFooter = !['confirm', 'print-failed', 'print-unknown', 'take-document', 'print-reported'].includes(view.screen);
  if (inFooter && can(view, 'back')) footer.push(button(t(l, 'back'), () => ctx.act({ type: 'back' }), { kind: 'secondary', testid: 'back' }));
  if (view.screen === 'documents' && can(view, 'finish')) footer.push(button(t(l, 'finish'), () => ctx.act({ type: 'finish' }), { kind: 'secondary', testid: 'finish' }));
  if (can(view, 'cancel') && view.screen !== 'documents') footer.push(button(t(l, 'cancel'), () => ctx.act({ type: 'cancel' }), { kind: 'danger', testid: 'cancel' }));
  return { body, footer };
}
