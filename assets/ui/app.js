import { applyDisplay, displayBar, watchScrolling } from './display.js';
import { button, h } from './dom.js';
import { t } from './i18n.js';
import { renderScreen } from './screens.js';
import { connect } from './socket.js';
import { createGuidance } from './guidance.js';

// The touch UI: a projection of the kiosk's session. It renders each snapshot the kiosk sends,
// sends the citizen's intents, and keeps nothing but the digits being typed on the current screen.
// It stores nothing in the browser (no cookies, no storage, no history entries).

const root = document.getElementById('app');
// The kiosk browser starts with a single-use launch token (`#t=`); the first connect exchanges it
// for this boot's secret, which replaces it in the fragment (no history entry), so a reload
// reconnects with the secret. A person opening the URL by hand brings the secret itself (`#k=`).
const fragment = new window.URLSearchParams(location.hash.slice(1));
let secret = fragment.get('k');
const launchToken = secret ? null : fragment.get('t');

let view = null;
let seq = 0;
let connected = false;
let entry = freshEntry();
let lastActivity = 0;
let warningTimer = null;

// The hidden technician entry in the browser: a long press on the kiosk mark of the attract screen,
// or of the out-of-service screen (closed for the night, the central link down): no citizen is there.
const LONG_PRESS_MS = 3000;
let pressTimer = null;

/** Maintenance is its own page; this boot's secret goes along so it can bring the citizen UI back. */
function openMaintenance(from) {
  if (link) link.close();
  location.assign(`/maintenance/?from=${from}#k=${encodeURIComponent(secret)}`);
}

function pressStart() {
  window.clearTimeout(pressTimer);
  if (!view || (view.screen !== 'attract' && view.screen !== 'out-of-service')) return;
  pressTimer = window.setTimeout(() => openMaintenance('long-press'), LONG_PRESS_MS);
}

function pressEnd() {
  window.clearTimeout(pressTimer);
}

function freshEntry(screen = null) {
  return { screen, field: 'nik', nik: '', pin: '', docPin: '' };
}

function act(intent) {
  lastActivity = Date.now();
  link.send(intent);
}

/** Any touch or keypad key keeps the session alive; at most one `activity` every few seconds. */
function touched() {
  if (!view || !view.actions.includes('activity')) return;
  if (Date.now() - lastActivity < 4000) return;
  act({ type: 'activity' });
}

function redraw(change) {
  Object.assign(entry, change);
  render();
}

function render() {
  if (!view) {
    root.replaceChildren(h('div', { class: 'boot' }, h('div', { class: 'spinner' })));
    return;
  }
  const l = view.language;
  document.documentElement.lang = l;
  applyDisplay(view.display);
  const { body, footer } = renderScreen(view, { act, entry, redraw });
  const language = view.actions.includes('language') ? button(t(l, 'switchLanguage'), () => act({ type: 'language', language: l === 'id' ? 'en' : 'id' }), { kind: 'lang', testid: 'language' }) : null;
  // Within reach, the language button comes down to the display toggles: nothing to press stays up high.
  const reach = Boolean(view.display && view.display.reach);
  const main = h('main', { class: `screen screen-${view.screen}` }, body);
  const frame = h(
    'div',
    { class: 'frame', 'data-screen': view.screen },
    h('header', { class: 'top' }, h('div', { class: 'brand' }, brandMark(), h('span', {}, t(l, 'kiosk'))), reach ? null : language),
    main,
    h('footer', { class: 'bottom' }, footer),
    view.display ? displayBar(view, act, reach ? language : null) : null,
  );
  const overlays = [];
  if (view.warning) overlays.push(warningOverlay(view));
  if (!connected) overlays.push(h('div', { class: 'overlay', 'data-testid': 'reconnecting' }, h('div', { class: 'dialog', role: 'alertdialog', 'aria-modal': 'true', 'aria-label': t(l, 'connecting') }, h('div', { class: 'spinner' }), h('p', { class: 'lead' }, t(l, 'connecting')))));
  // A dialog on top: what is under it can be neither seen by a screen reader nor reached.
  if (overlays.length) frame.inert = true;
  root.replaceChildren(frame, ...overlays);
  watchScrolling(main);
  guidance.afterRender(view);
}

function brandMark() {
  const mark = h('img', { class: 'brand-mark', src: '/ui/icons/idcard.svg', alt: '', 'data-testid': 'brand-mark', draggable: 'false' });
  mark.addEventListener('pointerdown', pressStart);
  for (const end of ['pointerup', 'pointercancel', 'pointerleave']) mark.addEventListener(end, pressEnd);
  return mark;
}

function warningOverlay(v) {
  const l = v.language;
  const deadline = Date.now() + v.warning.secondsLeft * 1000;
  const count = h('p', { class: 'lead', id: 'warning-count', 'data-testid': 'warning-count' }, t(l, 'stillThereHint', v.warning.secondsLeft));
  window.clearInterval(warningTimer);
  warningTimer = window.setInterval(() => {
    count.textContent = t(l, 'stillThereHint', Math.max(0, Math.ceil((deadline - Date.now()) / 1000)));
  }, 500);
  return h(
    'div',
    { class: 'overlay', 'data-testid': 'warning' },
    h('div', { class: 'dialog', role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'warning-title', 'aria-describedby': 'warning-count' }, h('h1', { id: 'warning-title' }, t(l, 'stillThere')), count, button(t(l, 'continue'), () => act({ type: 'activity' }), { kind: 'hero', testid: 'still-here' })),
  );
}

function onSnapshot(n, next) {
  if (n <= seq && connected) return;
  seq = n;
  const previous = view ? view.screen : null;
  if (!next.warning) window.clearInterval(warningTimer);
  if (next.screen !== previous) {
    // Typed digits belong to one screen; only the NIK survives a sign-in attempt (to try another PIN).
    const signingIn = (previous === 'nik-pin' && next.screen === 'signing-in') || (previous === 'signing-in' && next.screen === 'nik-pin');
    const keepNik = signingIn ? entry.nik : '';
    entry = freshEntry(next.screen);
    entry.nik = keepNik;
    entry.field = keepNik ? 'pin' : 'nik';
  } else if (next.screen === 'proof' && next.notice && (!view.notice || view.notice.code !== next.notice.code)) {
    entry.docPin = '';
  }
  view = next;
  render();
}

// The accessibility keypad and voice guidance (keys and the guidance state come over the socket).
const guidance = createGuidance({ root, getView: () => view, getEntry: () => entry, act: (intent) => act(intent), secret: () => secret, poke: touched });

let link;
function learnSecret(given) {
  secret = given;
  window.history.replaceState(null, '', `${location.pathname}${location.search}#k=${encodeURIComponent(given)}`);
}

if (!secret && !launchToken) {
  root.replaceChildren(h('div', { class: 'boot' }, h('p', { class: 'lead' }, t('id', 'noSecret')), h('p', { class: 'lead' }, t('en', 'noSecret'))));
} else {
  link = connect({
    secret: () => secret,
    launchToken,
    onSecret: learnSecret,
    onSnapshot,
    onOpen: (from) => openMaintenance(from),
    onAccess: (event) => guidance.onAccess(event),
    onStatus: (up) => {
      connected = up;
      if (up) seq = 0;
      render();
    },
  });
  render();
}

// A kiosk page: no context menu, no text selection drags, no pinch zoom, no dropped files.
document.addEventListener('contextmenu', (e) => e.preventDefault());
document.addEventListener('dragstart', (e) => e.preventDefault());
document.addEventListener('drop', (e) => e.preventDefault());
document.addEventListener('dragover', (e) => e.preventDefault());
document.addEventListener('gesturestart', (e) => e.preventDefault());
document.addEventListener('wheel', (e) => { if (e.ctrlKey) e.preventDefault(); }, { passive: false });
document.addEventListener('pointerdown', touched, { capture: true });
