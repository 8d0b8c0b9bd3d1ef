/* global document, window, fetch */
// The dev panel (simulator mode only): drives the simulated devices from the other side of their
// wires, and skips the journey's clock ahead. The secret comes from this page's launch URL fragment.

const secret = new window.URLSearchParams(window.location.hash.slice(1)).get('k') || '';
const panel = document.getElementById('panel');
const statusEl = document.getElementById('status');
const screenEl = document.getElementById('screen');

function el(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === 'onclick') e.addEventListener('click', v);
    else if (v !== undefined && v !== null) e.setAttribute(k, String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

async function act(body) {
  const r = await fetch('/devpanel/api', { method: 'POST', headers: { 'content-type': 'application/json', 'x-adm-devpanel': secret }, body: JSON.stringify(body) });
  const j = await r.json();
  statusEl.textContent = j.ok ? j.message : `⚠ ${j.error}`;
  refresh();
}

const b = (label, body, opts = {}) => el('button', { type: 'button', class: opts.bad ? 'bad' : '', 'data-action': opts.id || body.action, onclick: () => act(body) }, label);

function render(s) {
  screenEl.textContent = `citizen screen: ${s.screen}`;
  const sections = [];
  sections.push(el('section', {}, el('h2', {}, 'e-KTP reader'),
    b('Lift card', { action: 'card.remove' }), b('Tap a foreign card', { action: 'card.tapForeign' }),
    el('div', {}, b('Good finger', { action: 'finger.next', quality: 'good', times: 1 }, { id: 'finger-good' }), b('Wrong finger', { action: 'finger.next', quality: 'bad', times: 1 }, { bad: true, id: 'finger-bad' }), b('Wrong ×3', { action: 'finger.next', quality: 'bad', times: 3 }, { bad: true, id: 'finger-bad3' }), b('Smudged', { action: 'finger.next', quality: 'poor', times: 1 }, { id: 'finger-poor' })),
    el('div', {}, b('Unplug', { action: 'device.plug', device: 'cardReader', plugged: false }, { bad: true, id: 'unplug-reader' }), b('Plug in', { action: 'device.plug', device: 'cardReader', plugged: true }, { id: 'plug-reader' })),
    el('pre', {}, JSON.stringify(s.cardReader))));
  sections.push(el('section', {}, el('h2', {}, 'Printers'),
    el('div', {}, 'A4: ', b('Paper out', { action: 'printer.faults', printer: 'a4', mediaEmpty: true }, { bad: true, id: 'a4-paper-out' }), b('Refill', { action: 'printer.faults', printer: 'a4', mediaEmpty: false }, { id: 'a4-refill' }), b('Jam next', { action: 'printer.faults', printer: 'a4', jam: true }, { bad: true, id: 'a4-jam' }), b('Clear jam', { action: 'printer.faults', printer: 'a4', jam: false }, { id: 'a4-clear' }), b('Off', { action: 'printer.faults', printer: 'a4', offline: true }, { bad: true, id: 'a4-off' }), b('On', { action: 'printer.faults', printer: 'a4', offline: false }, { id: 'a4-on' })),
    el('div', {}, 'Card: ', b('No blanko', { action: 'printer.faults', printer: 'card', mediaEmpty: true }, { bad: true, id: 'card-empty' }), b('Load blanko', { action: 'printer.faults', printer: 'card', mediaEmpty: false }, { id: 'card-load' }), b('Off', { action: 'printer.faults', printer: 'card', offline: true }, { bad: true, id: 'card-off' }), b('On', { action: 'printer.faults', printer: 'card', offline: false }, { id: 'card-on' })),
    el('div', {}, 'Receipt: ', b('Paper out', { action: 'receipt.paper', state: 'out' }, { bad: true, id: 'receipt-out' }), b('Near end', { action: 'receipt.paper', state: 'nearEnd' }, { id: 'receipt-near' }), b('Refill', { action: 'receipt.paper', state: 'full' }, { id: 'receipt-full' }), b('Cover open', { action: 'receipt.cover', open: true }, { bad: true, id: 'receipt-cover' }), b('Close cover', { action: 'receipt.cover', open: false }, { id: 'receipt-close' }), b('Unplug', { action: 'device.plug', device: 'receiptPrinter', plugged: false }, { bad: true, id: 'unplug-receipt' }), b('Plug in', { action: 'device.plug', device: 'receiptPrinter', plugged: true }, { id: 'plug-receipt' })),
    el('pre', {}, JSON.stringify(s.printers), '\n', JSON.stringify(s.receiptPrinter))));
  sections.push(el('section', {}, el('h2', {}, 'Scanner, clock, service'),
    el('div', {}, b('Unplug scanner', { action: 'device.plug', device: 'scanner', plugged: false }, { bad: true, id: 'unplug-scanner' }), b('Plug in', { action: 'device.plug', device: 'scanner', plugged: true }, { id: 'plug-scanner' }), b('Scan garbage', { action: 'scanner.scan', text: 'hello world' }, { id: 'scan-garbage' }), b('Technician gesture', { action: 'touch.gesture' }, { id: 'touch-gesture' })),
    el('div', {}, b('Skip 15 s', { action: 'clock.skip', ms: 15000 }, { id: 'skip-15' }), b('Skip 60 s', { action: 'clock.skip', ms: 60000 }, { id: 'skip-60' })),
    el('div', {}, b('Fleet: out of service', { action: 'service.fleet', outOfService: true }, { bad: true, id: 'fleet-off' }), b('Fleet: back in service', { action: 'service.fleet', outOfService: false }, { id: 'fleet-on' })),
    el('pre', {}, `service: ${s.service.join(', ') || 'in service'}\nscanner: ${JSON.stringify(s.scanner)}`)));
  if (s.ups) {
    sections.push(el('section', {}, el('h2', {}, 'UPS (simulated upsd)'),
      el('div', {}, b('Mains lost', { action: 'ups.power', status: 'OB DISCHRG', chargePct: 80, runtimeS: 900 }, { bad: true, id: 'ups-battery' }), b('Low battery', { action: 'ups.power', status: 'OB DISCHRG LB', chargePct: 15, runtimeS: 120 }, { bad: true, id: 'ups-low' }), b('Mains back, charging', { action: 'ups.power', status: 'OL CHRG', chargePct: 35, runtimeS: 400 }, { id: 'ups-charging' }), b('Mains back, charged', { action: 'ups.power', status: 'OL', chargePct: 100, runtimeS: 1800 }, { id: 'ups-mains' })),
      el('div', {}, b('upsd data stale', { action: 'ups.fault', fault: 'stale' }, { bad: true, id: 'ups-stale' }), b('upsd garbage', { action: 'ups.fault', fault: 'garbage' }, { bad: true, id: 'ups-garbage' }), b('upsd healthy', { action: 'ups.fault', fault: 'none' }, { id: 'ups-healthy' })),
      el('pre', {}, JSON.stringify(s.ups))));
  }
  const key = (label, k) => b(label, { action: 'keypad.press', key: k }, { id: `keypad-${k}` });
  sections.push(el('section', {}, el('h2', {}, 'Keypad and headphones'),
    el('div', {}, key('▲', 'up'), key('▼', 'down'), key('◀', 'left'), key('▶', 'right'), key('OK', 'ok'), key('Back', 'back'), key('Help', 'help'), key('Vol +', 'volumeUp'), key('Vol −', 'volumeDown'), key('Speed', 'speed'), key('Erase', 'erase')),
    el('div', {}, ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 0].map((d) => b(String(d), { action: 'keypad.digit', digit: d }, { id: `keypad-digit-${d}` }))),
    el('div', {}, b('Unplug keypad', { action: 'keypad.plug', plugged: false }, { bad: true, id: 'unplug-keypad' }), b('Plug in', { action: 'keypad.plug', plugged: true }, { id: 'plug-keypad' }), b('Headphones in', { action: 'headphones.plug', plugged: true }, { id: 'headphones-in' }), b('Headphones out', { action: 'headphones.plug', plugged: false }, { bad: true, id: 'headphones-out' })),
    el('pre', {}, `keypad: ${JSON.stringify(s.keypad)}\nheadphones: ${JSON.stringify(s.headphones)}`)));
  const rows = s.demo.map((d, i) => el('tr', {},
    el('td', {}, String(i + 1)), el('td', {}, d.type), el('td', {}, d.citizenName, el('br'), d.nik), el('td', {}, d.kasus),
    el('td', {}, d.loginPin ? `login ${d.loginPin}` : '—', el('br'), d.pin ? `doc ${d.pin}` : '—'),
    el('td', {}, b('Tap e-KTP', { action: 'card.tap', nik: d.nik }, { id: `tap-${i}` }), d.qrText ? b('Scan QR', { action: 'scanner.scan', text: d.qrText }, { id: `qr-${i}` }) : null)));
  sections.push(el('section', { class: 'demo' }, el('h2', {}, 'Demo citizens (embedded registry)'), el('table', {}, el('tr', {}, ...['#', 'doc', 'citizen', 'case', 'PINs', ''].map((h) => el('th', {}, h))), rows)));
  panel.replaceChildren(...sections);
}

let last = '';
async function refresh() {
  const r = await fetch('/devpanel/api/state', { headers: { 'x-adm-devpanel': secret } });
  if (!r.ok) {
    statusEl.textContent = `⚠ ${r.status}`;
    return;
  }
  const text = await r.text();
  if (text !== last) {
    last = text;
    render(JSON.parse(text));
  }
}
refresh();
window.setInterval(refresh, 1000);
