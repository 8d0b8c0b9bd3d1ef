// Every word the citizen reads, in Bahasa Indonesia (default) and English. Plain, kind, and
// always saying what to do next. Screens and notices are keyed by the codes the kiosk sends.

const MONTHS = {
  id: ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** `2025-07-01` → `1 Juli 2025` / `1 July 2025` (no Intl: the page must not depend on locale data). */
export function formatDate(iso, lang) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || '');
  if (!m) return '';
  return `${Number(m[3])} ${MONTHS[lang][Number(m[2]) - 1]} ${m[1]}`;
}

/** `2025-06-02T13:00:00+07:00` → `13.00` / `13:00`. */
function formatTime(iso, lang) {
  const m = /T(\d{2}):(\d{2})/.exec(iso || '');
  if (!m) return '';
  return lang === 'id' ? `${m[1]}.${m[2]}` : `${m[1]}:${m[2]}`;
}

const UNAVAILABLE = {
  id: {
    offline: 'printer sedang tidak tersambung',
    fault: 'printer sedang rusak',
    paper_out: 'kertas habis',
    jammed: 'kertas tersangkut',
    cover_open: 'penutup printer terbuka',
    no_blanko: 'blangko kartu habis',
    not_installed: 'printer tidak tersedia di anjungan ini',
  },
  en: {
    offline: 'the printer is not connected',
    fault: 'the printer is out of order',
    paper_out: 'out of paper',
    jammed: 'paper jam',
    cover_open: 'the printer cover is open',
    no_blanko: 'out of blank cards',
    not_installed: 'no such printer at this kiosk',
  },
};

const PRINT_FAILURE = {
  id: {
    paper_out: 'Kertas printer habis.',
    jammed: 'Kertas tersangkut di printer.',
    no_blanko: 'Blangko kartu habis.',
    cover_open: 'Penutup printer terbuka.',
    printer_offline: 'Printer tidak tersambung.',
    printer_fault: 'Printer mengalami gangguan.',
    render_failed: 'Dokumen tidak dapat disiapkan.',
    timeout: 'Printer tidak menjawab.',
  },
  en: {
    paper_out: 'The printer ran out of paper.',
    jammed: 'Paper jammed in the printer.',
    no_blanko: 'The kiosk ran out of blank cards.',
    cover_open: 'The printer cover is open.',
    printer_offline: 'The printer is not connected.',
    printer_fault: 'The printer has a fault.',
    render_failed: 'The document could not be prepared.',
    timeout: 'The printer did not answer.',
  },
};

const TEXT = {
  id: {
    kiosk: 'Anjungan Dukcapil Mandiri',
    switchLanguage: 'English',
    displayChoices: 'Tampilan layar',
    displayLargeText: 'Huruf besar',
    displayHighContrast: 'Kontras tinggi',
    displayReach: 'Tombol di bawah',
    connecting: 'Menghubungkan kembali…',
    noSecret: 'Halaman ini hanya dapat dibuka oleh anjungan.',
    start: 'Mulai',
    welcome: 'Selamat datang',
    attractLead: 'Cetak sendiri dokumen kependudukan Anda yang sudah disetujui Dukcapil.',
    attractCard: 'Sentuh “Mulai”, atau tempelkan e-KTP Anda pada pembaca kartu.',
    attractDocs: 'Kartu Keluarga · KTP-el · KIA · Akta Kelahiran · Akta Kematian',
    outOfService: 'Mohon maaf, anjungan sedang tidak melayani',
    outOfServiceNext: 'Silakan datang kembali nanti atau hubungi petugas.',
    oos_technician: 'Petugas sedang melakukan perawatan.',
    oos_fleet: 'Layanan dihentikan sementara oleh Dinas Dukcapil.',
    oos_nothing_printable: 'Kertas dan blangko kartu sedang habis.',
    oos_starting: 'Anjungan sedang disiapkan.',
    oos_reconciling: 'Anjungan sedang memeriksa cetakan sebelumnya.',
    oos_closed: 'Anjungan sedang tutup.',
    oos_registry_unreachable: 'Pencetakan belum dapat dilayani: anjungan tidak dapat terhubung ke server data Dukcapil pusat.',
    oos_on_battery: 'Listrik sedang padam. Anjungan memakai baterai cadangan, jadi belum bisa melayani pencetakan baru.',
    oos_battery_charging: 'Listrik sudah menyala kembali. Anjungan sedang mengisi baterai cadangan dan akan segera melayani lagi.',
    chooseMethod: 'Pilih cara masuk',
    methodEktp: 'e-KTP dan sidik jari',
    methodEktpHint: 'Tempelkan e-KTP, lalu letakkan jari Anda',
    methodNik: 'NIK dan PIN',
    methodNikHint: 'PIN dari pendaftaran anjungan',
    methodQr: 'Kode QR',
    methodQrHint: 'Dari SMS atau e-mail Dukcapil',
    methodOff: 'Sedang tidak tersedia',
    cardWait: 'Tempelkan e-KTP Anda',
    cardWaitHint: 'Letakkan kartu di atas pembaca kartu di bawah layar, dan biarkan di sana.',
    cardReading: 'Membaca e-KTP…',
    cardReadingHint: 'Jangan angkat kartu Anda.',
    finger: 'Letakkan jari Anda',
    fingerHint: 'Letakkan jari telunjuk kanan Anda pada pemindai sidik jari.',
    fingerLeft: (n) => `Sisa percobaan: ${n}`,
    fingerLocked: 'Sidik jari belum dapat dicocokkan',
    fingerLockedHint: 'Jangan khawatir. Anda tetap dapat masuk dengan NIK dan PIN.',
    readerFault: 'Pembaca kartu sedang bermasalah',
    readerFaultHint: 'Anda tetap dapat masuk dengan NIK dan PIN.',
    useNik: 'Masuk dengan NIK dan PIN',
    signingIn: 'Memeriksa data Anda…',
    registryDown: 'Belum dapat terhubung ke pusat data Dukcapil',
    registryDownHint: 'Ini bukan kesalahan Anda. Silakan coba lagi sebentar lagi.',
    retry: 'Coba lagi',
    nikPin: 'Masuk dengan NIK dan PIN',
    nik: 'NIK (16 angka)',
    pin: 'PIN',
    signIn: 'Masuk',
    qrScan: 'Pindai kode QR Anda',
    qrScanHint: 'Arahkan kode QR dari SMS atau e-mail Dukcapil ke pemindai di bawah layar.',
    loadingDocs: 'Mengambil daftar dokumen Anda…',
    hello: (name) => `Halo, ${name}`,
    documents: 'Dokumen Anda',
    noDocuments: 'Belum ada dokumen untuk Anda saat ini.',
    print: 'Cetak',
    why: 'Mengapa?',
    ready: 'Siap dicetak',
    unavailable: (why) => `Belum dapat dicetak di sini: ${why}`,
    notYet: (date) => `Dapat dicetak mulai ${date}`,
    inProgress: (date) => (date ? `Sedang diproses, perkiraan selesai ${date}` : 'Sedang diproses'),
    inReview: (date) => `Sedang diperiksa petugas sejak ${date}`,
    a4: 'Dicetak di kertas A4',
    card: 'Dicetak di blangko kartu',
    proof: 'Masukkan PIN dokumen',
    proofHint: 'PIN ada di SMS atau e-mail persetujuan dokumen. Atau pindai kode QR dokumen ke pemindai.',
    next: 'Lanjut',
    confirm: 'Cetak dokumen ini?',
    confirmOnce: 'Setiap dokumen hanya dapat dicetak satu kali.',
    yesPrint: 'Ya, cetak',
    printing: 'Sedang mencetak',
    stay: 'Mohon tunggu di depan anjungan.',
    phase_checking: 'Memeriksa PIN dokumen…',
    phase_preparing: 'Menyiapkan dokumen…',
    phase_sending: 'Mengirim ke printer…',
    phase_printing: 'Mencetak…',
    phase_page: (p, n) => `Mencetak halaman ${p} dari ${n}`,
    phase_finishing: 'Menyelesaikan…',
    phase_receipt: 'Mencetak struk…',
    printFailed: 'Dokumen belum tercetak',
    printFailedHint: 'Hak cetak Anda tetap berlaku. Silakan coba lagi nanti, atau pilih dokumen lain.',
    printUnknown: 'Pencetakan terhenti',
    printUnknownHint: 'Petugas akan memeriksa apakah dokumen Anda sudah tercetak. Dokumen tidak akan dicetak ulang sebelum diperiksa.',
    reference: (r) => `Nomor referensi: ${r}`,
    take: 'Silakan ambil dokumen dan struk Anda',
    takeHint: (n) => (n ? `${n} halaman telah dicetak.` : 'Dokumen telah dicetak.'),
    another: 'Cetak dokumen lain',
    nothingCameOut: 'Dokumen tidak keluar',
    reported: 'Laporan Anda sudah dicatat',
    reportedHint: 'Petugas akan memeriksa printer. Dokumen tidak dicetak ulang otomatis. Simpan struk ini dan tunjukkan nomor referensi kepada petugas di loket.',
    reportedNotRecorded: 'Laporan belum tersimpan',
    reportedNotRecordedHint: 'Mohon sampaikan kepada petugas di loket bahwa dokumen tidak keluar, dan tunjukkan nomor referensi ini.',
    finish: 'Selesai',
    thanks: 'Terima kasih',
    thanksHint: 'Data Anda sudah dihapus dari anjungan ini. Jangan lupa e-KTP Anda.',
    ended: 'Sesi selesai',
    ok: 'OK',
    cancel: 'Batal',
    back: 'Kembali',
    stillThere: 'Apakah Anda masih di sana?',
    stillThereHint: (s) => `Demi keamanan data Anda, sesi akan berakhir dalam ${s} detik.`,
    continue: 'Ya, lanjutkan',
    delete: 'Hapus',
    clear: 'Kosongkan',
  },
  en: {
    kiosk: 'Dukcapil self-service kiosk',
    switchLanguage: 'Bahasa Indonesia',
    displayChoices: 'Screen display',
    displayLargeText: 'Large text',
    displayHighContrast: 'High contrast',
    displayReach: 'Buttons lower',
    connecting: 'Reconnecting…',
    noSecret: 'This page can only be opened by the kiosk.',
    start: 'Start',
    welcome: 'Welcome',
    attractLead: 'Print your own population documents once Dukcapil has approved them.',
    attractCard: 'Touch “Start”, or place your e-KTP on the card reader.',
    attractDocs: 'Family Card · e-KTP · Child ID Card · Birth Certificate · Death Certificate',
    outOfService: 'Sorry, this kiosk is not serving at the moment',
    outOfServiceNext: 'Please come back later or ask the staff.',
    oos_technician: 'A technician is servicing the kiosk.',
    oos_fleet: 'Service has been paused by Dinas Dukcapil.',
    oos_nothing_printable: 'The kiosk is out of paper and blank cards.',
    oos_starting: 'The kiosk is getting ready.',
    oos_reconciling: 'The kiosk is checking earlier prints.',
    oos_closed: 'The kiosk is closed.',
    oos_registry_unreachable: 'Printing is not available: the kiosk cannot reach the central Dukcapil data server.',
    oos_on_battery: 'The power is out. The kiosk is running on its backup battery, so it cannot start new prints.',
    oos_battery_charging: 'The power is back. The kiosk is charging its backup battery and will serve again soon.',
    chooseMethod: 'How would you like to sign in?',
    methodEktp: 'e-KTP and fingerprint',
    methodEktpHint: 'Place your e-KTP, then your finger',
    methodNik: 'NIK and PIN',
    methodNikHint: 'The PIN from your kiosk registration',
    methodQr: 'QR code',
    methodQrHint: 'From the Dukcapil SMS or e-mail',
    methodOff: 'Not available right now',
    cardWait: 'Place your e-KTP',
    cardWaitHint: 'Put the card on the card reader below the screen and leave it there.',
    cardReading: 'Reading your e-KTP…',
    cardReadingHint: 'Please do not lift your card.',
    finger: 'Place your finger',
    fingerHint: 'Put your right index finger on the fingerprint sensor.',
    fingerLeft: (n) => `Tries left: ${n}`,
    fingerLocked: 'Your fingerprint could not be matched',
    fingerLockedHint: 'Do not worry. You can still sign in with your NIK and PIN.',
    readerFault: 'The card reader has a problem',
    readerFaultHint: 'You can still sign in with your NIK and PIN.',
    useNik: 'Sign in with NIK and PIN',
    signingIn: 'Checking your details…',
    registryDown: 'Cannot reach the Dukcapil data centre yet',
    registryDownHint: 'This is not your fault. Please try again in a moment.',
    retry: 'Try again',
    nikPin: 'Sign in with NIK and PIN',
    nik: 'NIK (16 digits)',
    pin: 'PIN',
    signIn: 'Sign in',
    qrScan: 'Scan your QR code',
    qrScanHint: 'Hold the QR code from the Dukcapil SMS or e-mail to the scanner below the screen.',
    loadingDocs: 'Fetching your documents…',
    hello: (name) => `Hello, ${name}`,
    documents: 'Your documents',
    noDocuments: 'There are no documents for you at the moment.',
    print: 'Print',
    why: 'Why?',
    ready: 'Ready to print',
    unavailable: (why) => `Cannot print here now: ${why}`,
    notYet: (date) => `Can be printed from ${date}`,
    inProgress: (date) => (date ? `Being processed, expected ready ${date}` : 'Being processed'),
    inReview: (date) => `Being checked by staff since ${date}`,
    a4: 'Printed on A4 paper',
    card: 'Printed on a blank card',
    proof: 'Enter the document PIN',
    proofHint: 'The PIN is in the approval SMS or e-mail. Or hold the document’s QR code to the scanner.',
    next: 'Next',
    confirm: 'Print this document?',
    confirmOnce: 'Each document can be printed only once.',
    yesPrint: 'Yes, print',
    printing: 'Printing',
    stay: 'Please wait at the kiosk.',
    phase_checking: 'Checking the document PIN…',
    phase_preparing: 'Preparing the document…',
    phase_sending: 'Sending to the printer…',
    phase_printing: 'Printing…',
    phase_page: (p, n) => `Printing page ${p} of ${n}`,
    phase_finishing: 'Finishing…',
    phase_receipt: 'Printing the receipt…',
    printFailed: 'Your document was not printed',
    printFailedHint: 'You can still print it. Please try again later, or choose another document.',
    printUnknown: 'Printing stopped',
    printUnknownHint: 'Staff will check whether your document was printed. It will not be printed again before they do.',
    reference: (r) => `Reference number: ${r}`,
    take: 'Please take your document and receipt',
    takeHint: (n) => (n ? `${n} page(s) printed.` : 'Your document has been printed.'),
    another: 'Print another document',
    nothingCameOut: 'Nothing came out',
    reported: 'Your report has been recorded',
    reportedHint: 'Staff will check the printer. The document is not printed again automatically. Keep this receipt and show the reference number at the counter.',
    reportedNotRecorded: 'Your report could not be saved',
    reportedNotRecordedHint: 'Please tell the staff at the counter that nothing came out, and show them this reference number.',
    finish: 'Finish',
    thanks: 'Thank you',
    thanksHint: 'Your data has been removed from this kiosk. Do not forget your e-KTP.',
    ended: 'Session ended',
    ok: 'OK',
    cancel: 'Cancel',
    back: 'Back',
    stillThere: 'Are you still there?',
    stillThereHint: (s) => `To protect your data, the session ends in ${s} seconds.`,
    continue: 'Yes, continue',
    delete: 'Delete',
    clear: 'Clear',
  },
};

/**
 * Each notice's title and what to do next, by language; a function where the words carry the
 * notice's own values (attempts left, a time, a date, a reference).
 */
const NOTICES = {
  id: {
    cancelled: ['Sesi dibatalkan', 'Data Anda sudah dihapus. Sampai jumpa.'],
    timed_out: ['Sesi berakhir', 'Tidak ada sentuhan untuk beberapa saat, jadi data Anda kami hapus. Sentuh “Mulai” untuk memulai lagi.'],
    card_removed: ['Kartu terangkat', 'Tempelkan kembali e-KTP Anda dan biarkan di atas pembaca.'],
    card_removed_session: ['Kartu diangkat, sesi diakhiri', 'Demi keamanan, sesi berakhir saat e-KTP diangkat. Data Anda sudah dihapus.'],
    card_unreadable: ['Kartu tidak terbaca', 'Pastikan itu e-KTP Anda, lalu tempelkan lagi dengan rata.'],
    reader_fault: ['Pembaca kartu bermasalah', 'Silakan masuk dengan NIK dan PIN.'],
    finger_mismatch: (n) => ['Sidik jari belum cocok', `Bersihkan jari dan letakkan lagi dengan rata. Sisa percobaan: ${n.attemptsLeft}.`],
    finger_locked: ['Sidik jari belum dapat dicocokkan', 'Silakan masuk dengan NIK dan PIN.'],
    login_wrong_pin: (n) => ['NIK atau PIN salah', n.attemptsLeft === null ? 'Periksa lagi NIK dan PIN Anda.' : `Periksa lagi NIK dan PIN Anda. Sisa percobaan: ${n.attemptsLeft}.`],
    login_locked: (n, lang) => ['Akun anjungan Anda dikunci sementara', n.until ? `Terlalu banyak PIN salah. Coba lagi setelah pukul ${formatTime(n.until, lang)}, atau hubungi petugas.` : 'Terlalu banyak PIN salah. Silakan hubungi petugas.'],
    not_registered: ['Anda belum terdaftar untuk anjungan', 'Silakan mendaftar di kantor Disdukcapil dengan membawa e-KTP dan nomor HP Anda.'],
    qr_invalid: ['Kode QR tidak dikenali', 'Pastikan kode QR berasal dari SMS atau e-mail Dukcapil, lalu pindai lagi.'],
    scanner_fault: ['Pemindai QR bermasalah', 'Silakan pilih cara masuk yang lain.'],
    registry_unreachable: ['Belum terhubung ke pusat data Dukcapil', 'Ini bukan kesalahan Anda. Silakan coba lagi sebentar lagi.'],
    doc_wrong_pin: (n) => ['PIN dokumen salah', n.attemptsLeft === null ? 'Periksa PIN di SMS atau e-mail Anda.' : `Periksa PIN di SMS atau e-mail Anda. Sisa percobaan: ${n.attemptsLeft}.`],
    doc_locked: ['Dokumen dikunci sementara', 'Terlalu banyak PIN salah. Silakan hubungi petugas Disdukcapil.'],
    doc_already_printed: ['Dokumen ini sudah pernah dicetak', 'Setiap dokumen hanya dapat dicetak satu kali. Hubungi petugas bila Anda belum menerimanya.'],
    doc_not_ready: ['Dokumen belum siap dicetak', 'Dokumen masih diproses oleh Dukcapil.'],
    doc_superseded: ['Dokumen sudah diganti', 'Ada versi yang lebih baru dari dokumen ini. Hubungi petugas.'],
    doc_in_review: (n, lang) => ['Sedang diperiksa petugas', `Dokumen ini tercatat sedang dicetak sejak ${formatDate(n.since, lang)} tetapi belum dipastikan keluar. Petugas akan memeriksanya; Anda tidak perlu mengajukan ulang. Tanyakan di loket bila perlu.`],
    doc_not_yet: (n, lang) => ['Belum waktunya dicetak', n.from ? `Dokumen ini dapat dicetak mulai ${formatDate(n.from, lang)}.` : 'Dokumen ini belum dapat dicetak.'],
    printer_unavailable: (n) => ['Belum dapat dicetak di anjungan ini', `Penyebab: ${UNAVAILABLE.id[n.reason]}. Dokumen lain mungkin tetap dapat dicetak.`],
    receipt_failed: (n) => ['Struk tidak dapat dicetak', `Dokumen Anda sudah tercetak. Catat nomor referensi: ${n.reference}.`],
    internal_error: ['Maaf, terjadi gangguan', 'Data Anda sudah dihapus. Silakan mulai lagi, atau hubungi petugas.'],
  },
  en: {
    cancelled: ['Session cancelled', 'Your data has been removed. Goodbye.'],
    timed_out: ['Session ended', 'There was no touch for a while, so your data was removed. Touch “Start” to begin again.'],
    card_removed: ['Card lifted', 'Place your e-KTP back on the reader and leave it there.'],
    card_removed_session: ['Card lifted, session ended', 'For your safety the session ends when the e-KTP is lifted. Your data has been removed.'],
    card_unreadable: ['Card could not be read', 'Make sure it is your e-KTP and place it flat again.'],
    reader_fault: ['The card reader has a problem', 'Please sign in with your NIK and PIN.'],
    finger_mismatch: (n) => ['Fingerprint did not match', `Clean your finger and place it flat again. Tries left: ${n.attemptsLeft}.`],
    finger_locked: ['Fingerprint could not be matched', 'Please sign in with your NIK and PIN.'],
    login_wrong_pin: (n) => ['Wrong NIK or PIN', n.attemptsLeft === null ? 'Please check your NIK and PIN.' : `Please check your NIK and PIN. Tries left: ${n.attemptsLeft}.`],
    login_locked: (n, lang) => ['Your kiosk account is locked for now', n.until ? `Too many wrong PINs. Try again after ${formatTime(n.until, lang)}, or ask the staff.` : 'Too many wrong PINs. Please ask the staff.'],
    not_registered: ['You are not registered for the kiosk', 'Please register at the Disdukcapil office with your e-KTP and phone number.'],
    qr_invalid: ['QR code not recognised', 'Make sure it is the QR code from the Dukcapil SMS or e-mail, then scan again.'],
    scanner_fault: ['The QR scanner has a problem', 'Please choose another way to sign in.'],
    registry_unreachable: ['Cannot reach the Dukcapil data centre', 'This is not your fault. Please try again in a moment.'],
    doc_wrong_pin: (n) => ['Wrong document PIN', n.attemptsLeft === null ? 'Check the PIN in your SMS or e-mail.' : `Check the PIN in your SMS or e-mail. Tries left: ${n.attemptsLeft}.`],
    doc_locked: ['Document locked for now', 'Too many wrong PINs. Please contact the Disdukcapil staff.'],
    doc_already_printed: ['This document has already been printed', 'Each document prints only once. Ask the staff if you did not receive it.'],
    doc_not_ready: ['The document is not ready yet', 'Dukcapil is still processing it.'],
    doc_superseded: ['The document has been replaced', 'A newer version of this document exists. Please ask the staff.'],
    doc_in_review: (n, lang) => ['Being checked by staff', `This document has been recorded as printing since ${formatDate(n.since, lang)} but it is not confirmed that it came out. Staff will check it; you do not need to apply again. Ask at the counter if you need to.`],
    doc_not_yet: (n, lang) => ['Not printable yet', n.from ? `This document can be printed from ${formatDate(n.from, lang)}.` : 'This document cannot be printed yet.'],
    printer_unavailable: (n) => ['Cannot be printed at this kiosk now', `Reason: ${UNAVAILABLE.en[n.reason]}. Other documents may still print.`],
    receipt_failed: (n) => ['The receipt could not be printed', `Your document has been printed. Note the reference number: ${n.reference}.`],
    internal_error: ['Sorry, something went wrong', 'Your data has been removed. Please start again, or ask the staff.'],
  },
};

/** The words of one notice: a title and what to do next. */
function noticeText(notice, lang) {
  const n = notice;
  switch (n.code) {
    case 'print_failed':
      return [TEXT[lang].printFailed, `${PRINT_FAILURE[lang][n.reason]} ${TEXT[lang].printFailedHint}`];
    case 'print_unknown':
      return [TEXT[lang].printUnknown, `${PRINT_FAILURE[lang][n.reason]} ${TEXT[lang].printUnknownHint}`];
    case 'print_reported':
      return n.recorded ? [TEXT[lang].reported, TEXT[lang].reportedHint] : [TEXT[lang].reportedNotRecorded, TEXT[lang].reportedNotRecordedHint];
    case 'out_of_service':
      return [TEXT[lang].outOfService, `${TEXT[lang]['oos_' + n.reason] || ''} ${TEXT[lang].outOfServiceNext}`];
  }
  const words = NOTICES[lang === 'id' ? 'id' : 'en'];
  const entry = Object.hasOwn(words, n.code) ? words[n.code] : words.internal_error;
  return typeof entry === 'function' ? entry(n, lang) : [...entry];
}

export function t(lang, key, ...args) {
  const v = TEXT[lang][key];
  return typeof v === 'function' ? v(...args) : v;
}

export { noticeText, UNAVAILABLE };

const WEEKDAYS = {
  id: ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};

/** Indonesia's zones by their offset; anything else as UTC±hh:mm. */
function zoneName(iso) {
  const m = /([+-]\d{2}:\d{2})$/.exec(iso || '');
  const off = m ? m[1] : '';
  return { '+07:00': 'WIB', '+08:00': 'WITA', '+09:00': 'WIT' }[off] || (off ? `UTC${off}` : '');
}

/** `2026-12-07T08:00:00+07:00` → `Senin, 7 Desember 2026 pukul 08.00 WIB` / `Monday, 7 December 2026 at 08:00 WIB`. */
export function formatOpening(iso, lang) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T/.exec(iso || '');
  if (!m) return '';
  const weekday = WEEKDAYS[lang][new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay()];
  return `${weekday}, ${formatDate(iso, lang)} ${lang === 'id' ? 'pukul' : 'at'} ${formatTime(iso, lang)} ${zoneName(iso)}`.trim();
}

/**
 * What the kiosk says while it does not serve for a reason a citizen can plan around (closed by
 * its hours, the central link down): a title and a sentence, in the given language.
 */
export function unavailableText(view, lang) {
  const id = lang === 'id';
  if (view.outOfService === 'closed') {
    const when = formatOpening(view.opensAt, lang);
    return id
      ? ['Anjungan sedang tutup', when ? `Buka kembali ${when}.` : 'Jadwal buka berikutnya belum ditetapkan. Silakan tanyakan kepada petugas.']
      : ['The kiosk is closed', when ? `It opens again on ${when}.` : 'No opening time has been set yet. Please ask the staff.'];
  }
  return id
    ? ['Pencetakan belum tersedia saat ini', 'Anjungan tidak dapat terhubung ke server data Dukcapil pusat. Dokumen Anda tetap aman. Silakan coba lagi nanti, atau tanyakan kepada petugas.']
    : ['Printing is not available right now', 'The kiosk cannot reach the central Dukcapil data server. Your documents are safe. Please try again later, or ask the staff.'];
}
