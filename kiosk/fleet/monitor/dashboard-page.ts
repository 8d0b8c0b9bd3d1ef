/**
 * The dashboard page and its script, served by the fleet monitor. No external resources, no
 * framework: a table refreshed every two seconds from `/api/fleet`, built with DOM calls (never
 * innerHTML with data). Bahasa Indonesia first, English second.
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Armada ADM / ADM fleet</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;margin:1rem;background:#f6f7f9;color:#111}
h1{font-size:1.3rem;margin:0 0 .5rem}
#summary{margin:.5rem 0 1rem;display:flex;gap:1rem;flex-wrap:wrap}
#summary span{background:#fff;border:1px solid #ccd;border-radius:6px;padding:.3rem .6rem}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.9rem}
th,td{border-bottom:1px solid #dde;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#0b3d91;color:#fff;position:sticky;top:0}
.online{color:#11772b;font-weight:600}.lost{color:#b00020;font-weight:700}.offline{color:#666}.closed{color:#345}.unknown{color:#666}
.critical{color:#b00020}.warning{color:#a15c00}
.en{color:#667;font-size:.85em}
#monitor{font-size:.85rem;color:#445}
</style></head>
<body><h1>Armada Anjungan Dukcapil Mandiri <span class="en">/ ADM kiosk fleet</span></h1>
<div id="monitor">Memuat… <span class="en">Loading…</span></div>
<div id="summary"></div>
<table><thead><tr>
<th>Kios <span class="en">Kiosk</span></th><th>Wilayah <span class="en">Region</span></th><th>Koneksi <span class="en">Link</span></th>
<th>Layanan <span class="en">Service</span></th><th>Perangkat <span class="en">Devices</span></th><th>Persediaan <span class="en">Consumables</span></th>
<th>Tercetak hari ini <span class="en">Printed today</span></th><th>Peringatan <span class="en">Alerts</span></th>
</tr></thead><tbody id="kiosks"></tbody></table>
<script src="/dashboard.js"></script>
</body></html>`;

export const DASHBOARD_JS = `'use strict';
function el(tag, text, cls) { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
const STATUS = { online: 'daring / online', lost: 'HILANG / lost', offline: 'mati / offline', unknown: '?' };
function cell(tr, text, cls) { tr.appendChild(el('td', text, cls)); }
function render(data) {
  const m = data.monitor;
  document.getElementById('monitor').textContent = 'Broker ' + m.broker + ': ' + m.status + (m.lastError ? ' (' + m.lastError + ')' : '') + ' · ' + data.at;
  const s = data.summary;
  const summary = document.getElementById('summary');
  summary.replaceChildren(
    el('span', 'Kios ' + s.kiosks), el('span', 'Daring ' + s.online, 'online'), el('span', 'Hilang ' + s.lost, 'lost'),
    el('span', 'Mati ' + s.offline, 'offline'), el('span', 'Tutup / closed ' + s.closed, 'closed'), el('span', 'Tidak melayani / out of service ' + s.outOfService),
    el('span', 'Kritis ' + s.criticalAlerts, 'critical'), el('span', 'Peringatan ' + s.warningAlerts, 'warning'),
    el('span', 'Tercetak hari ini / printed today ' + s.printedToday));
  const rows = data.kiosks.map(function (k) {
    const tr = el('tr');
    cell(tr, k.kiosk);
    cell(tr, k.region);
    cell(tr, STATUS[k.status] || k.status, k.status);
    cell(tr, k.service ? (k.service.inService ? 'melayani / in service' : 'tidak / out: ' + k.service.reasons.join(', ')) : '?');
    cell(tr, Object.entries(k.devices).map(function (d) { return d[0] + ' ' + d[1].state + (d[1].paper ? '/' + d[1].paper : '') + (d[1].media ? '/' + d[1].media : ''); }).join(' · '));
    cell(tr, Object.entries(k.consumables).map(function (c) { return c[0] + ' ' + c[1].level + '/' + c[1].capacity + (c[1].status === 'ok' ? '' : ' ' + c[1].status); }).join(' · '));
    cell(tr, Object.entries(k.printedToday).map(function (p) { return p[0] + ' ' + p[1]; }).join(' · ') || '0');
    const alerts = el('td');
    k.alerts.forEach(function (a) { alerts.appendChild(el('div', a.kind + ' ' + a.subject, a.severity)); });
    tr.appendChild(alerts);
    return tr;
  });
  document.getElementById('kiosks').replaceChildren.apply(document.getElementById('kiosks'), rows);
}
function refresh() {
  fetch('/api/fleet', { cache: 'no-store' }).then(function (r) { return r.json(); }).then(render)
    .catch(function (e) { document.getElementById('monitor').textContent = 'Monitor tidak menjawab / monitor unreachable: ' + e; })
    .finally(function () { setTimeout(refresh, 2000); });
}
refresh();
`;
