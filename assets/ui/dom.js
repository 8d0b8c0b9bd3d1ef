// Tiny DOM helpers. Text always goes in as text (never as HTML), so nothing the kiosk shows can
// become markup, whatever a name or a document number holds.

export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'onTap') el.addEventListener('click', v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return el;
}

export function icon(name, cls = 'icon') {
  return h('img', { class: cls, src: `/ui/icons/${name}.svg`, alt: '', draggable: 'false' });
}

/** A big touch button (at least 48 px by the stylesheet). `intent` goes to the kiosk when tapped. */
export function button(label, onTap, { kind = 'primary', disabled = false, testid, extra } = {}) {
  return h('button', { type: 'button', class: `btn btn-${kind}`, disabled, 'data-testid': testid, onTap: disabled ? undefined : onTap }, extra || null, label);
}
