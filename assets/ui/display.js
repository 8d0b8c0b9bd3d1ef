import { h } from './dom.js';
import { t } from './i18n.js';

// Seeing better: large text, high contrast and "within reach" (every control in the lower part of
// the screen for a seated citizen). The kiosk keeps the choices in the session's view (`display`),
// so a reloaded page draws the same way and the next citizen starts plain; the page only draws them.

const SETTINGS = [
  ['largeText', 'large-text', 'displayLargeText'],
  ['highContrast', 'high-contrast', 'displayHighContrast'],
  ['reach', 'within-reach', 'displayReach'],
];

/** Puts the view's display choices on the root element, where the stylesheet reads them. */
export function applyDisplay(display) {
  const root = document.documentElement;
  for (const [setting, cls] of SETTINGS) root.classList.toggle(cls, Boolean(display && display[setting]));
}

/**
 * The row of display toggles, real buttons with their state in `aria-pressed`, so touch, a screen
 * reader and keypad focus all reach them. `lead` goes first in the row (the language button,
 * when the layout brings it down within reach).
 */
export function displayBar(view, act, lead = null) {
  const l = view.language;
  const d = view.display;
  const toggle = ([setting, , key]) => {
    const on = Boolean(d[setting]);
    return h(
      'button',
      { type: 'button', class: `btn btn-toggle${on ? ' btn-toggle-on' : ''}`, 'aria-pressed': on ? 'true' : 'false', 'data-testid': `display-${setting}`, onTap: () => act({ type: 'display', setting, on: !on }) },
      h('span', { class: 'toggle-mark', 'aria-hidden': 'true' }, on ? '✓' : ''),
      t(l, key),
    );
  };
  return h('nav', { class: 'display-bar', 'aria-label': t(l, 'displayChoices'), 'data-testid': 'display-bar' }, lead, ...SETTINGS.map(toggle));
}

// A screen whose content is taller than its box scrolls; it then takes keyboard focus, so a citizen
// without a touch can scroll it too. Checked again whenever its size changes (rotation, text size).
const scrollWatch = new window.ResizeObserver((entries) => {
  for (const e of entries) markScrollable(e.target);
});

function markScrollable(el) {
  if (el.scrollHeight > el.clientHeight + 1) el.setAttribute('tabindex', '0');
  else el.removeAttribute('tabindex');
}

/** Watches the screen's scroll area (only the current one). */
export function watchScrolling(main) {
  scrollWatch.disconnect();
  markScrollable(main);
  scrollWatch.observe(main);
}
