/* global document, sessionStorage, fetch, location, setTimeout, clearTimeout, setInterval, clearInterval, URLSearchParams */
// The technician's maintenance app. Plain ES module, no inline code (the page's CSP allows only
// this kiosk's own files). Every text is built with textContent: nothing from the API is parsed as HTML.
import { T } from './i18n.js';
import { siteCards } from './site.js';

const API = '/maintenance/api/';
const main = document.getElementById('main');
const who = document.getElementById('who');
const leaveButton = document.getElementById('leave');
const toast = document.getElementById('toast');

// Kept for this tab only, so a reload does not strand a signed-in technician; cleared on leaving.
let token = sessionStorage.getItem('adm-maintenance-token');
let tab = 'devices';
let pollTimer = null;
let pin = '';

// ── small DOM helpers ──────────────────────────────────────────────────────────────────────────

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'onclick') e.addEventListener('click', v);
    else if (k === 'onchange') e.addEventListener('change', v);
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(typeof c === 'string' || typeof c === 'number' ? String(c) : c);
  return e;
}

/** Indonesian first, English second. */
function bi(pair, tag = 'span') {
  const [id, en] = pair ?? T.errors.other;
  return el(tag, { class: 'bi' }, el('span', { class: 'id', text: id }), el('span', { class: 'en', text: en }));
}

function button(pair, onclick, attrs = {}) {
  return el('button', { type: 'button', onclick, ...attrs }, bi(pair));
}

function show(...nodes) {
  main.replaceChildren(...nodes);
}

function say(pair, detail, kind = 'info') {
  toast.replaceChildren(bi(pair), detail ? el('span', { class: 'detail', text: detail }) : '');
  toast.className = `toast ${kind}`;
  toast.hidden = false;
  clearTimeout(say.timer);
  say.timer = setTimeout(() => (toast.hidden = true), 6000);
}

const errorPair = (code) => T.errors[code] ?? T.errors.other;

// ── API ────────────────────────────────────────────────────────────────────────────────────────

async function call(method, name, body) {
  const headers = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (method === 'POST') headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(API + name, { method, headers, body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined, cache: 'no-store' });
  } catch {
    return { ok: false, status: 0, data: { error: 'other', message: 'network' } };
  }
  const data = await res.json().catch(() => ({ error: 'other', message: 'bad answer' }));
  if (res.status === 401 && token) {
    setToken(null);
    say(T.sessionEnded, '', 'warn');
    await signInScreen();
  }
  return { ok: res.ok, status: res.status, data };
}

const get = (name) => call('GET', name);
const post = (name, body) => call('POST', name, body);

// ── entry and sign-in ─────────────────────────────────────────────────────────────────────────

// The citizen UI's secret came along in the fragment; it goes back the same way.
const uiSecret = new URLSearchParams(location.hash.slice(1)).get('k');

function backToService() {
  clearInterval(pollTimer);
  clearInterval(watchTimer);
  setToken(null);
  location.assign(uiSecret ? `/#k=${encodeURIComponent(uiSecret)}` : '/');
}

// Maintenance can end without this page (idle or session time-out, sign-in time-out): when the
// kiosk is back with citizens, the kiosk browser must show the citizen screen again.
let watchTimer = null;
function watchMode() {
  clearInterval(watchTimer);
  watchTimer = setInterval(async () => {
    const r = await get('state');
    if (r.ok && r.data.mode === 'inactive') backToService();
  }, 3000);
}

async function waitForSignIn() {
  for (;;) {
    const r = await get('state');
    if (!r.ok) return null;
    if (r.data.mode === 'inactive') return null;
    if (r.data.signingIn) return r.data;
    show(el('section', { class: 'panel' }, bi(T.entering, 'h2'), r.data.waitingForPrint ? bi(T.waitingPrint, 'p') : null));
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function signInScreen() {
  clearInterval(pollTimer);
  leaveButton.hidden = true;
  who.textContent = '';
  const state = await waitForSignIn();
  if (state === null) return backToService();
  pin = '';
  const display = el('output', { class: 'pin-display', id: 'pin-display', 'aria-label': 'PIN' });
  const message = el('p', { class: 'message', id: 'sign-in-message' });
  const paint = () => (display.textContent = '•'.repeat(pin.length));
  const press = (d) => {
    if (pin.length < 12) pin += d;
    paint();
  };
  const keys = el(
    'div',
    { class: 'keypad' },
    ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => el('button', { type: 'button', class: 'key', 'data-key': d, onclick: () => press(d), text: d })),
    button(T.clear, () => {
      pin = '';
      paint();
    }, { class: 'key small' }),
    el('button', { type: 'button', class: 'key', 'data-key': '0', onclick: () => press('0'), text: '0' }),
    button(T.signIn, () => void submitPin(message), { class: 'key primary', id: 'pin-submit' }),
  );
  const pinPart = state.signIn.pinConfigured
    ? el('div', { class: 'pin' }, bi(T.pinLabel, 'h3'), display, keys, state.signIn.pinLockedUntil ? lockedLine(state.signIn.pinLockedUntil) : null)
    : bi(T.pinClosed, 'p');
  const cardPart = state.signIn.cardAvailable ? el('div', { class: 'card-sign-in' }, button(T.withCard, () => void signInWithCard(message), { id: 'card-sign-in', class: 'wide' })) : null;
  show(el('section', { class: 'panel sign-in' }, bi(T.signInTitle, 'h2'), pinPart, cardPart, message, button(T.cancel, () => void cancelEntry(), { class: 'secondary wide', id: 'cancel' })));
}

function lockedLine(until) {
  return el('p', { class: 'warn' }, bi(T.locked), ' ', new Date(until).toLocaleTimeString('id-ID'));
}

async function submitPin(message) {
  const r = await post('sign-in/pin', { pin });
  pin = '';
  const display = document.getElementById('pin-display');
  if (display) display.textContent = '';
  if (r.ok) return signedIn(r.data);
  const e = r.data;
  message.replaceChildren(bi(errorPair(e.error)), e.attemptsLeft !== undefined ? el('span', { class: 'detail', text: ` (${e.attemptsLeft} ×)` }) : '', e.lockedUntil ? lockedLine(e.lockedUntil) : '');
  message.className = 'message error';
  if (e.error === 'not_signing_in') await signInScreen();
}

async function signInWithCard(message) {
  message.replaceChildren(bi(T.cardPrompt));
  message.className = 'message';
  const r = await post('sign-in/ektp', {});
  if (r.ok) return signedIn(r.data);
  message.replaceChildren(bi(errorPair(r.data.error)), r.data.attemptsLeft !== undefined ? el('span', { class: 'detail', text: ` (${r.data.attemptsLeft} ×)` }) : '');
  message.className = 'message error';
}

async function cancelEntry() {
  await post('cancel', {});
  backToService();
}

function setToken(t) {
  token = t;
  if (t === null) sessionStorage.removeItem('adm-maintenance-token');
  else sessionStorage.setItem('adm-maintenance-token', t);
}

function signedIn(session) {
  setToken(session.token);
  who.textContent = session.technician.ref;
  leaveButton.replaceChildren(bi(T.leave));
  leaveButton.hidden = false;
  tab = 'devices';
  void render();
}

leaveButton.addEventListener('click', async () => {
  await post('leave', {});
  setToken(null);
  backToService();
});

// ── screens ───────────────────────────────────────────────────────────────────────────────────

function nav() {
  return el(
    'nav',
    { class: 'tabs' },
    Object.entries(T.tabs).map(([key, pair]) =>
      el('button', { type: 'button', class: key === tab ? 'tab active' : 'tab', 'data-tab': key, onclick: () => ((tab = key), void render()) }, bi(pair)),
    ),
  );
}

async function render() {
  clearInterval(pollTimer);
  if (!token) return signInScreen();
  const screens = { devices, consumables, prints, journal, service, info, export: exportScreen, audit };
  const body = await screens[tab]();
  if (!token) return;
  show(nav(), el('section', { class: 'panel', id: `screen-${tab}` }, body));
  // Device states change on their own: refresh the devices screen while it is shown.
  if (tab === 'devices') pollTimer = setInterval(() => void refreshDevices(), 3000);
}

function stateChip(status) {
  const good = status.device === 'online' && status.paper !== 'out' && status.paper !== 'jammed';
  const text = [status.device, status.paper ? `paper ${status.paper}` : null, status.media ? `media ${status.media}` : null].filter(Boolean).join(' · ');
  return el('span', { class: good ? 'chip ok' : 'chip bad', text });
}

function table(rows) {
  return el('table', { class: 'kv' }, el('tbody', {}, rows.map(([k, v]) => el('tr', {}, el('th', { text: k }), el('td', { text: v === null || v === undefined ? '—' : String(v) })))));
}

const L = T.counterLabels;

function deviceCard(d) {
  const result = el('div', { class: 'result', id: `result-${d.id}` });
  const actions = el(
    'div',
    { class: 'actions' },
    d.canSelfTest ? button(T.selfTest, () => void runSelfTest(d.id, result), { 'data-action': `self-test-${d.id}` }) : null,
    d.canTestPrint ? button(T.testPrint, () => void runTestPrint(d.id, result), { 'data-action': `test-print-${d.id}` }) : null,
  );
  const c = d.counters;
  return el(
    'article',
    { class: 'device', id: `device-${d.id}` },
    el('header', {}, bi(T.device[d.id] ?? [d.id, d.id], 'h3'), stateChip(d.status)),
    el('p', { class: 'mode', text: `${d.mode}${d.status.reasons.length ? ` — ${d.status.reasons.join(', ')}` : ''}${d.status.detail ? ` — ${d.status.detail}` : ''}` }),
    table(Object.entries(d.details)),
    el('div', { class: 'counters' }, bi(T.counters, 'h4'), table([
      [L.selfTests, `${c.selfTests} (${c.selfTestsFailed} ${T.failedCount.join('/')})`],
      [L.testPrints, `${c.testPrints} (${c.testPrintsFailed} ${T.failedCount.join('/')})`],
      [L.errors, c.errors],
      [L.statusChanges, c.statusChanges],
      ...(d.prints ? [[L.prints, Object.entries(d.prints).map(([s, n]) => `${s} ${n}`).join(', ') || '0']] : []),
    ])),
    el('div', { class: 'last-error' }, bi(T.lastError, 'h4'), d.lastError ? el('p', { text: `${d.lastError.at}: ${d.lastError.state}${d.lastError.paper ? ` paper ${d.lastError.paper}` : ''} ${d.lastError.reasons.join(', ')} ${d.lastError.detail ?? ''}` }) : bi(T.none, 'p')),
    actions,
    result,
  );
}

async function devices() {
  const r = await get('overview');
  if (!r.ok) return bi(errorPair(r.data.error), 'p');
  return el('div', {}, siteCards(r.data, { el, bi, table }), el('div', { class: 'devices', id: 'devices' }, r.data.devices.map(deviceCard)));
}

async function refreshDevices() {
  if (tab !== 'devices' || !token) return;
  const r = await get('overview');
  if (!r.ok) return;
  for (const d of r.data.devices) {
    const card = document.getElementById(`device-${d.id}`);
    const chip = card?.querySelector('header .chip');
    if (chip) chip.replaceWith(stateChip(d.status));
  }
}

async function runSelfTest(id, out) {
  out.replaceChildren(el('p', { class: 'busy', text: '…' }));
  const r = await post('self-test', { device: id });
  if (!r.ok) return out.replaceChildren(el('p', { class: 'error' }, bi(errorPair(r.data.error)), ` ${r.data.message ?? ''}`));
  out.replaceChildren(
    el('p', { class: r.data.passed ? 'passed' : 'error', 'data-result': r.data.passed ? 'passed' : 'failed' }, bi(r.data.passed ? T.passed : T.failed)),
    el('ul', { class: 'checks' }, r.data.checks.map((c) => el('li', { class: c.ok ? 'ok' : 'bad', text: `${c.ok ? '✔' : '✘'} ${c.name}: ${c.detail}` }))),
  );
}

async function runTestPrint(id, out) {
  out.replaceChildren(el('p', { class: 'busy', text: '…' }));
  const r = await post('test-print', { device: id });
  if (!r.ok) return out.replaceChildren(el('p', { class: 'error', 'data-result': 'failed' }, bi(errorPair(r.data.error)), ` ${r.data.message ?? ''}`));
  out.replaceChildren(el('p', { class: 'passed', 'data-result': 'printed' }, bi(T.printedOk), ` — ${r.data.detail}`));
}

function alertList(alerts) {
  if (!alerts.length) return bi(T.noAlerts, 'p');
  return el('ul', { class: 'alerts', id: 'alerts' }, alerts.map((a) => el('li', { class: a.severity, 'data-alert': `${a.kind}:${a.subject}` }, bi(T.alertKinds[a.kind] ?? [a.kind, a.kind]), el('span', { class: 'subject', text: ` — ${a.subject}` }))));
}

async function consumables() {
  const r = await get('overview');
  if (!r.ok) return bi(errorPair(r.data.error), 'p');
  const alertsBox = el('div', { id: 'alerts-box' }, alertList(r.data.alerts));
  const rows = r.data.consumables.map((c) => {
    const level = el('input', { type: 'number', min: 0, max: c.capacity, value: c.level, inputmode: 'numeric', 'aria-label': 'level', name: `level-${c.name}` });
    const capacity = el('input', { type: 'number', min: 1, value: c.capacity, inputmode: 'numeric', 'aria-label': 'capacity', name: `capacity-${c.name}` });
    const low = el('input', { type: 'number', min: 0, value: c.lowThreshold, inputmode: 'numeric', 'aria-label': 'low', name: `low-${c.name}` });
    const stateCell = el('td', { class: `state ${c.state}`, 'data-state': c.state }, bi(T.states[c.state]));
    const save = async (full) => {
      const body = { name: c.name, level: full ? Number(capacity.value) : Number(level.value), capacity: Number(capacity.value), lowThreshold: Number(low.value) };
      const res = await post('consumables', body);
      if (!res.ok) return say(errorPair(res.data.error), res.data.message, 'error');
      level.value = res.data.consumable.level;
      stateCell.replaceChildren(bi(T.states[res.data.consumable.state]));
      stateCell.className = `state ${res.data.consumable.state}`;
      stateCell.dataset.state = res.data.consumable.state;
      alertsBox.replaceChildren(alertList(res.data.alerts));
      say(T.save, `${c.name}: ${res.data.consumable.level}/${res.data.consumable.capacity}`);
    };
    return el(
      'tr',
      { 'data-consumable': c.name },
      el('th', {}, bi(T.consumable[c.name] ?? [c.name, c.name])),
      el('td', {}, level),
      el('td', {}, capacity),
      el('td', {}, low),
      stateCell,
      el('td', { class: 'actions' }, button(T.refillFull, () => void save(true), { 'data-action': `refill-${c.name}` }), button(T.save, () => void save(false), { 'data-action': `save-${c.name}` })),
    );
  });
  return el(
    'div',
    {},
    el('table', { class: 'grid' }, el('thead', {}, el('tr', {}, el('th'), el('th', {}, bi(T.level)), el('th', {}, bi(T.capacity)), el('th', {}, bi(T.low)), el('th'), el('th'))), el('tbody', {}, rows)),
    bi(T.alerts, 'h3'),
    alertsBox,
  );
}

async function prints() {
  const r = await get('prints/unknown');
  if (!r.ok) return bi(errorPair(r.data.error), 'p');
  if (!r.data.rows.length) return bi(T.unknownNone, 'p');
  return el(
    'div',
    {},
    bi(T.unknownHelp, 'p'),
    r.data.rows.map((row) => {
      const note = el('input', { type: 'text', maxlength: 200, placeholder: 'catatan / note', name: `note-${row.id}` });
      const closeReview = async () => {
        const res = await post('prints/review', { ledgerId: row.id, note: note.value });
        if (!res.ok) return say(errorPair(res.data.error), res.data.message, 'error');
        say(T.reviewDone, row.id);
        void render();
      };
      const decide = async (decision) => {
        const res = await post('prints/resolve', { ledgerId: row.id, decision, note: note.value });
        if (!res.ok) return say(errorPair(res.data.error), res.data.message, 'error');
        say(decision === 'printed' ? T.wasPrinted : T.notPrinted, row.id);
        void render();
      };
      return el(
        'article',
        { class: 'unknown', 'data-ledger': row.id },
        table([
          ['ledger', row.id],
          ['document', row.documentType],
          ['printer', row.printer],
          ['job', row.jobId],
          ['created', row.createdAt],
          ['reason', row.reason],
        ]),
        row.review ? bi(T.reportedMissing, 'p') : null,
        el('label', {}, bi(T.note), note),
        row.review
          ? el('div', { class: 'actions' }, button(T.reviewDone, () => void closeReview(), { 'data-action': 'review-done' }))
          : el('div', { class: 'actions' }, button(T.wasPrinted, () => void decide('printed'), { 'data-action': 'printed' }), button(T.notPrinted, () => void decide('not_printed'), { 'data-action': 'not-printed' })),
      );
    }),
  );
}

async function journal() {
  const kinds = await get('journal/kinds');
  const kind = el('select', { name: 'kind' }, el('option', { value: '', text: 'Semua / All' }), (kinds.data.kinds ?? []).map((k) => el('option', { value: k, text: k })));
  const from = el('input', { type: 'date', name: 'from' });
  const to = el('input', { type: 'date', name: 'to' });
  const list = el('div', { id: 'journal-list' });
  const load = async () => {
    const q = new URLSearchParams({ limit: '200' });
    if (kind.value) q.set('kind', kind.value);
    if (from.value) q.set('from', from.value);
    if (to.value) q.set('to', `${to.value}T23:59:59.999Z`);
    const r = await get(`journal?${q}`);
    if (!r.ok) return list.replaceChildren(el('p', { class: 'error', text: r.data.message }));
    list.replaceChildren(
      el('table', { class: 'grid journal' }, el('tbody', {}, r.data.entries.map((e) => el('tr', {}, el('td', { text: e.at }), el('td', { text: e.kind }), el('td', { class: 'detail', text: JSON.stringify(e.detail) }))))),
    );
  };
  await load();
  return el('div', {}, el('div', { class: 'filters' }, el('label', {}, bi(T.kind), kind), el('label', {}, bi(T.from), from), el('label', {}, bi(T.to), to), button(T.show, () => void load(), { 'data-action': 'journal-show' })), list);
}

async function service() {
  const r = await get('overview');
  if (!r.ok) return bi(errorPair(r.data.error), 'p');
  const n = r.data.notice;
  const toggle = el('input', { type: 'checkbox', name: 'out-of-service', checked: n.outOfService });
  const msgId = el('textarea', { name: 'message-id', maxlength: 200, rows: 2 });
  msgId.value = n.message.id;
  const msgEn = el('textarea', { name: 'message-en', maxlength: 200, rows: 2 });
  msgEn.value = n.message.en;
  const save = async () => {
    const res = await post('service', { outOfService: toggle.checked, messageId: msgId.value, messageEn: msgEn.value });
    if (!res.ok) return say(errorPair(res.data.error), res.data.message, 'error');
    say(T.save, res.data.notice.outOfService ? 'out of service' : 'in service');
  };
  return el(
    'div',
    {},
    el('p', { class: 'mode', text: `service: ${r.data.service.inService ? 'in service' : `out (${r.data.service.reasons.join(', ')})`}` }),
    el('label', { class: 'switch' }, toggle, bi(T.outOfService)),
    el('label', {}, bi(T.messageId), msgId),
    el('label', {}, bi(T.messageEn), msgEn),
    bi(T.serviceNote, 'p'),
    button(T.save, () => void save(), { 'data-action': 'service-save' }),
  );
}

async function info() {
  const r = await get('identity');
  if (!r.ok) return bi(errorPair(r.data.error), 'p');
  const i = r.data;
  return el(
    'div',
    {},
    table([
      ['kiosk', i.kioskId],
      ['region', i.regionCode],
      ['location', i.location],
      ['version', i.version],
      ['node', i.node],
      ['started', i.startedAt],
      ['uptime (s)', i.uptimeS],
    ]),
    Object.entries(i.config).map(([section, values]) => el('div', {}, el('h4', { text: section }), table(Object.entries(values)))),
  );
}

async function exportScreen() {
  const out = el('div', { class: 'result', id: 'export-result' });
  const run = async (body) => {
    out.replaceChildren(el('p', { class: 'busy', text: '…' }));
    const r = await post('export', body);
    if (!r.ok) return out.replaceChildren(el('p', { class: 'error' }, bi(errorPair(r.data.error)), ` ${r.data.message ?? ''}`));
    out.replaceChildren(el('p', { class: 'passed', 'data-result': 'exported' }, bi(T.exported), ` — ${r.data.path} (${r.data.bytes} bytes)`));
  };
  const usb = await get('usb');
  const drives = usb.ok ? usb.data.drives : [];
  return el(
    'div',
    {},
    button(T.exportFile, () => void run({ target: 'file' }), { 'data-action': 'export-file', class: 'wide' }),
    bi(T.exportUsb, 'h3'),
    drives.length
      ? el('ul', { class: 'drives' }, drives.map((d) => el('li', {}, el('span', { text: `${d.mountPoint} (${d.fsType}${d.freeBytes === null ? '' : `, ${Math.round(d.freeBytes / 1048576)} MB free`})` }), d.writable ? button(T.exportUsb, () => void run({ target: 'usb', mountPoint: d.mountPoint }), { 'data-action': 'export-usb' }) : el('span', { class: 'warn', text: 'read-only' }))))
      : bi(T.noUsb, 'p'),
    out,
  );
}

async function audit() {
  const r = await get('audit?limit=100');
  if (!r.ok) return bi(errorPair(r.data.error), 'p');
  const v = r.data.verification;
  return el(
    'div',
    {},
    el('p', { class: v.ok ? 'passed' : 'error', id: 'audit-verification' }, bi(v.ok ? T.auditOk : T.auditBroken), ` — ${v.ok ? `${v.rows} rows` : v.message}`),
    el('table', { class: 'grid' }, el('tbody', {}, r.data.entries.map((e) => el('tr', {}, el('td', { text: e.seq }), el('td', { text: e.at }), el('td', { text: e.actor }), el('td', { text: e.action }), el('td', { class: 'detail', text: JSON.stringify(e.detail) }))))),
  );
}

// ── start ─────────────────────────────────────────────────────────────────────────────────────

async function start() {
  watchMode();
  if (token) {
    // A reload while signed in: carry on if the session is still good.
    const r = await get('overview');
    if (r.ok) {
      who.textContent = r.data.technician?.ref ?? '';
      leaveButton.replaceChildren(bi(T.leave));
      leaveButton.hidden = false;
      return render();
    }
    setToken(null);
  }
  const from = new URLSearchParams(location.search).get('from');
  const source = from === 'gesture' || from === 'long-press' ? from : 'page';
  await post('enter', { source });
  await signInScreen();
}

void start();
