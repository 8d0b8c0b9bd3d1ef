// The kiosk's surroundings on the devices screen: opening hours and the link to the central
// registry. Built with the app's own helpers (passed in), text only.
import { T } from './i18n.js';

const SITE = {
  hours: ['Jam buka', 'Opening hours'],
  always: ['Tidak diatur: selalu buka', 'Not set: always open'],
  openNow: ['Buka sekarang', 'Open now'],
  closedNow: ['Tutup sekarang', 'Closed now'],
  closesAt: ['Tutup pada', 'Closes at'],
  opensAt: ['Buka lagi', 'Opens again'],
  today: ['Hari ini', 'Today'],
  zone: ['Zona waktu', 'Time zone'],
  rule: { weekly: ['jadwal mingguan', 'weekly hours'], holiday: ['hari libur', 'holiday'], exception: ['pengecualian', 'exception'] },
  link: ['Sambungan ke server pusat', 'Link to the central registry'],
  state: {
    unknown: ['belum diketahui', 'not known yet'],
    up: ['tersambung', 'reachable'],
    failing: ['gagal, masih dalam batas', 'failing, within the threshold'],
    down: ['terputus: warga diberi tahu', 'down: citizens are told'],
  },
  lastOk: ['Jawaban terakhir', 'Last answer'],
  downFor: ['Terputus selama', 'Down for'],
  lastError: ['Galat terakhir', 'Last error'],
};

export function siteCards(overview, { el, bi, table }) {
  const h = overview.openingHours;
  const hoursCard = el(
    'section',
    { class: 'device', id: 'site-hours', 'data-open': h ? String(h.open) : undefined },
    el('header', {}, bi(SITE.hours, 'h3'), el('span', { class: !h || !h.configured || h.open ? 'chip ok' : 'chip bad', text: !h || !h.configured ? '—' : h.open ? SITE.openNow[0] : SITE.closedNow[0] })),
    !h || !h.configured
      ? bi(SITE.always, 'p')
      : table([
          [`${SITE.zone[0]} / ${SITE.zone[1]}`, h.timezone],
          [h.open ? `${SITE.closesAt[0]} / ${SITE.closesAt[1]}` : `${SITE.opensAt[0]} / ${SITE.opensAt[1]}`, h.open ? h.closesAt : h.opensAt],
          [`${SITE.today[0]} / ${SITE.today[1]}`, `${h.today.hours.join(', ') || '—'} (${SITE.rule[h.today.rule][0]}${h.today.name ? `: ${h.today.name}` : ''})`],
        ]),
  );
  const l = overview.registryLink;
  const linkCard = el(
    'section',
    { class: 'device', id: 'site-link', 'data-link': l ? l.state : undefined },
    el('header', {}, bi(SITE.link, 'h3'), el('span', { class: l && (l.state === 'failing' || l.state === 'down') ? 'chip bad' : 'chip ok', text: l ? SITE.state[l.state][0] : '—' })),
    l
      ? table([
          [`${SITE.lastOk[0]} / ${SITE.lastOk[1]}`, l.lastOkAt],
          [`${SITE.downFor[0]} / ${SITE.downFor[1]}`, l.downForMs > 0 ? `${Math.round(l.downForMs / 1000)} s` : null],
          [`${SITE.lastError[0]} / ${SITE.lastError[1]}`, l.lastError],
        ])
      : bi(T.none, 'p'),
  );
  return el('div', { class: 'devices site', id: 'site' }, hoursCard, linkCard);
}
