import { button, h } from './dom.js';
import { t } from './i18n.js';

// The on-screen numeric keypad for NIK and PINs. It edits a value held by the page only until the
// screen changes; what is typed goes to the kiosk only when the citizen presses the action button.

/**
 * @param {object} o
 * @param {string} o.value current digits
 * @param {number} o.max how many digits fit
 * @param {(v: string) => void} o.onChange
 * @param {string} o.lang
 */
export function keypad({ value, max, onChange, lang }) {
  const press = (d) => () => {
    if (value.length < max) onChange(value + d);
  };
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => button(d, press(d), { kind: 'key', testid: `key-${d}` }));
  return h(
    'div',
    { class: 'keypad', role: 'group' },
    ...keys,
    button(t(lang, 'clear'), () => onChange(''), { kind: 'key-aux', testid: 'key-clear' }),
    button('0', press('0'), { kind: 'key', testid: 'key-0' }),
    button('⌫', () => onChange(value.slice(0, -1)), { kind: 'key-aux', testid: 'key-back' }),
  );
}

/** A read-only field showing digits (or dots for a PIN) with a label; tapping it selects it. */
export function digitField({ label, value, max, secret, selected, onSelect, testid }) {
  const shown = secret ? '•'.repeat(value.length) : groupNik(value);
  const slots = secret ? '○'.repeat(Math.max(0, max - value.length)) : '';
  return h(
    'button',
    { type: 'button', class: `field${selected ? ' field-selected' : ''}`, 'data-testid': testid, onTap: onSelect, 'aria-label': label },
    h('span', { class: 'field-label' }, label),
    h('span', { class: 'field-value' }, shown, h('span', { class: 'field-slots' }, slots)),
  );
}

/** `3506042505900003` → `3506 0425 0590 0003`, easier to check against the card. */
function groupNik(v) {
  return v.replace(/(\d{4})(?=\d)/g, '$1 ');
}
