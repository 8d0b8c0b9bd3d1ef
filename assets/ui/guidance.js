import { noticeText } from './i18n.js';
import { speakable, spoken, spokenScreen } from './spoken.js';

// The accessibility keypad and voice guidance on the page. The kiosk sends keypad keys and the
// guidance state (headphones in or out, help key, volume, speed) over the socket; this moves a
// focus through the screen's controls in reading order, speaks each as it gets focus, turns OK
// into the tap a finger would make, and plays the clips the kiosk synthesises at /speech.

/** Every control a finger could use, in document (reading) order: whatever a screen adds is reachable. */
const FOCUSABLE = 'button:not([disabled]), [role="button"]:not([aria-disabled="true"]), input:not([disabled]), select:not([disabled]), a[href], [tabindex="0"]';

export function createGuidance({ root, getView, getEntry, act, secret, poke }) {
  let state = { on: false, reason: 'off', volume: 0.8, rate: 150 };
  /** Shown only once the keypad was used, so a touch user sees no focus ring. */
  let keypadActive = false;
  let focusId = null;
  let focusScreen = null;
  let noticeCode = null;
  let warned = false;

  // The player: one clip at a time; a new utterance interrupts what is playing.
  let queue = [];
  let generation = 0;
  let busy = false;
  let current = null;
  let inflight = null;

  function stop() {
    generation++;
    queue = [];
    // A clip asked for and no longer wanted: the kiosk stops making it.
    if (inflight) inflight.abort();
    if (current) current.pause();
  }

  async function fetchClip(item) {
    const ac = new window.AbortController();
    inflight = ac;
    try {
      const res = await window.fetch('/speech', {
        signal: ac.signal,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-adm-key': secret() || '' },
        body: JSON.stringify({ lang: item.lang, rate: state.rate, text: item.text }),
      });
      if (!res.ok) {
        document.documentElement.dataset.speech = `refused-${res.status}`;
        return null;
      }
      return await res.blob();
    } catch {
      if (!ac.signal.aborted) document.documentElement.dataset.speech = 'unreachable';
      return null;
    } finally {
      if (inflight === ac) inflight = null;
    }
  }

  function playClip(blob, text) {
    const url = URL.createObjectURL(blob);
    const audio = new window.Audio();
    audio.dataset.text = text;
    audio.volume = state.volume;
    audio.src = url;
    current = audio;
    return new Promise((resolve) => {
      const done = () => {
        URL.revokeObjectURL(url);
        if (current === audio) current = null;
        resolve();
      };
      audio.addEventListener('ended', done, { once: true });
      audio.addEventListener('pause', done, { once: true });
      audio.addEventListener('error', done, { once: true });
      audio.play().catch(done);
    });
  }

  async function pump() {
    if (busy) return;
    busy = true;
    try {
      while (queue.length) {
        const gen = generation;
        const item = queue.shift();
        const blob = await fetchClip(item);
        if (!blob || gen !== generation) continue;
        await playClip(blob, item.text);
      }
    } finally {
      busy = false;
    }
  }

  /** Says `texts` in order (interrupting), only while guidance is on unless `always`. */
  function say(texts, { always = false, lang } = {}) {
    if (!state.on && !always) return;
    const view = getView();
    const l = lang || (view ? view.language : 'id');
    const items = texts.map((t) => ({ lang: l, text: speakable(t || '') })).filter((i) => i.text);
    if (!items.length) return;
    stop();
    queue.push(...items);
    void pump();
  }

  // Focus.
  function scope() {
    const overlays = root.querySelectorAll('.overlay');
    return overlays.length ? overlays[overlays.length - 1] : root;
  }
  const focusables = () => Array.from(scope().querySelectorAll(FOCUSABLE)).filter((el) => el.getClientRects().length > 0);
  const idOf = (el) => el.getAttribute('data-testid') || el.textContent.trim();
  const focused = () => focusables().find((el) => idOf(el) === focusId) || null;

  function labelOf(el) {
    const view = getView();
    const l = view ? view.language : 'id';
    let label;
    if (el.classList.contains('field')) {
      const value = el.querySelector('.field-value');
      const n = value && value.firstChild ? (value.firstChild.textContent.match(/[0-9•]/g) || []).length : 0;
      label = spoken(l, 'field', el.getAttribute('aria-label') || '', n);
    } else if (el.classList.contains('tile')) {
      label = Array.from(el.querySelectorAll('.tile-label, .tile-hint'), (s) => s.textContent.trim()).join('. ');
    } else {
      label = el.getAttribute('aria-label') || el.textContent.trim();
      const item = el.closest('li');
      if (item) label = [item.querySelector('strong'), item.querySelector('.badge')].filter(Boolean).map((s) => s.textContent.trim()).concat(label).join('. ');
    }
    return el.disabled ? `${label}, ${spoken(l, 'disabled')}` : label;
  }

  function mark(el) {
    for (const old of root.querySelectorAll('.access-focus')) old.classList.remove('access-focus');
    focusId = el ? idOf(el) : null;
    if (el && keypadActive) {
      el.classList.add('access-focus');
      el.focus({ preventScroll: false });
    }
  }

  /** Where focus starts on a new screen: the main action that can be used now, else the first control. */
  function initialFocus() {
    const s = scope();
    const pick = (sel) => Array.from(s.querySelectorAll(sel)).find((el) => !el.disabled && el.getClientRects().length > 0);
    return pick('main .btn-hero') || pick('main .btn-primary') || pick('main .tile') || pick(`main ${FOCUSABLE.split(',')[0]}`) || focusables()[0] || null;
  }

  function move(step) {
    const all = focusables();
    if (!all.length) return;
    const i = all.indexOf(focused());
    const next = all[i < 0 ? 0 : (i + step + all.length) % all.length];
    mark(next);
    say([labelOf(next)]);
  }

  function screenWords(view) {
    const words = [spokenScreen(view.language, view.screen)];
    if (view.notice) words.push(noticeText(view.notice, view.language).filter(Boolean).join('. '));
    return words;
  }

  /** After every render: keep the focus where it was, or start it on a new screen and say the screen. */
  function afterRender(view) {
    const changed = view.screen !== focusScreen;
    focusScreen = view.screen;
    let el = changed ? null : focused();
    if (!el) el = initialFocus();
    mark(el);
    const code = view.notice ? view.notice.code : null;
    if (view.warning && !warned) {
      warned = true;
      say([spoken(view.language, 'stillThere')]);
    } else if (!view.warning) warned = false;
    if (changed) say([...screenWords(view), el ? labelOf(el) : '']);
    else if (code && code !== noticeCode) say([noticeText(view.notice, view.language).filter(Boolean).join('. ')]);
    noticeCode = code;
  }

  function typeDigit(digit) {
    const key = root.querySelector(`[data-testid="key-${digit}"]`);
    if (!key) return;
    const view = getView();
    const l = view.language;
    const before = { ...getEntry() };
    key.click();
    const after = getEntry();
    if (view.screen === 'nik-pin' && before.field === 'nik' && after.nik.length === 16 && before.nik.length === 15) say([spoken(l, 'nikDone', after.nik.slice(12))]);
    else if (view.screen === 'nik-pin') say([spoken(l, 'typed', after[before.field].length, before.field === 'nik' ? 16 : 6)]);
    else say([spoken(l, 'typed', after.docPin.length, 6)]);
    const ready = root.querySelector('[data-testid="sign-in"]:not([disabled]), [data-testid="submit-pin"]:not([disabled])');
    if (ready) {
      mark(ready);
      queue.push({ lang: l, text: speakable(spoken(l, 'ready', ready.textContent.trim().toLowerCase())) });
      void pump();
    }
  }

  function onKey(k) {
    const view = getView();
    if (!view) return;
    const first = !keypadActive;
    keypadActive = true;
    if (first) mark(focused() || initialFocus());
    // "Are you still there?": any key answers it.
    if (view.warning && view.actions.includes('activity')) {
      act({ type: 'activity' });
      say([spoken(view.language, 'continued')]);
      return;
    }
    poke();
    switch (k.key) {
      case 'up':
      case 'left':
        return move(-1);
      case 'down':
      case 'right':
        return move(1);
      case 'ok': {
        const el = focused();
        if (el) el.click();
        return;
      }
      case 'back':
        if (view.actions.includes('back')) act({ type: 'back' });
        return;
      case 'help': {
        const el = focused();
        return say([spoken(view.language, 'keys'), ...screenWords(view), el ? labelOf(el) : '']);
      }
      case 'digit':
        return typeDigit(k.digit);
      case 'erase': {
        const back = root.querySelector('[data-testid="key-back"]');
        if (back) {
          back.click();
          say([spoken(view.language, 'cleared')]);
        }
        return;
      }
      default:
        // Volume and speed come back as a guidance state.
        return;
    }
  }

  function onGuidance(g) {
    const prev = state;
    state = { on: g.on, reason: g.reason, volume: g.volume, rate: g.rate };
    if (current) current.volume = g.volume;
    if (!g.on) {
      stop();
      return;
    }
    const view = getView();
    if (!view) return;
    if (!prev.on) {
      // The help key says the screen itself (its key event follows).
      if (g.reason === 'help') return;
      const el = focused();
      say([spoken(view.language, 'guidanceOn'), ...screenWords(view), el ? labelOf(el) : '']);
    } else if (g.volume !== prev.volume) say([spoken(view.language, 'volume', Math.round(g.volume * 100))]);
    else if (g.rate !== prev.rate) say([spoken(view.language, 'speed', g.rate)]);
  }

  return {
    afterRender,
    onAccess(event) {
      if (event.kind === 'key') onKey(event);
      else if (event.kind === 'guidance') onGuidance(event);
      else if (event.kind === 'locator') {
        const view = getView();
        if (view && view.screen === 'attract' && !state.on) {
          stop();
          queue.push({ lang: 'id', text: event.text.id }, { lang: 'en', text: event.text.en });
          void pump();
        }
      }
    },
  };
}
