// The spoken form of every screen, in Bahasa Indonesia and English, beside the words on the
// screen (i18n.js). Short and plain: said once when the screen opens, then each choice is read
// as it gets the keypad's focus. Never a name, never more than the last four digits of a number
// (the kiosk refuses to synthesise anything else, whatever is asked).

const SCREENS = {
  id: {
    'out-of-service': 'Mohon maaf, anjungan sedang tidak melayani. Silakan datang kembali nanti atau hubungi petugas.',
    attract: 'Anjungan Dukcapil Mandiri. Cetak sendiri dokumen kependudukan Anda. Tekan OK untuk mulai.',
    'choose-method': 'Pilih cara masuk. Tekan panah bawah untuk berpindah pilihan.',
    'card-wait': 'Tempelkan e-KTP pada pembaca kartu di bawah layar, dan biarkan di sana.',
    'card-reading': 'Membaca e-KTP. Jangan angkat kartu Anda.',
    finger: 'Letakkan jari telunjuk kanan pada pemindai sidik jari.',
    'finger-locked': 'Sidik jari belum dapat dicocokkan. Anda tetap dapat masuk dengan NIK dan PIN.',
    'reader-fault': 'Pembaca kartu sedang bermasalah. Anda tetap dapat masuk dengan NIK dan PIN.',
    'signing-in': 'Memeriksa data Anda. Mohon tunggu.',
    'registry-down': 'Belum dapat terhubung ke pusat data Dukcapil. Ini bukan kesalahan Anda.',
    'nik-pin': 'Masuk dengan NIK dan PIN. Ketik enam belas angka NIK dengan tombol angka, lalu enam angka PIN.',
    'qr-scan': 'Arahkan kode QR dari SMS atau e-mail Dukcapil ke pemindai di bawah layar.',
    'documents-loading': 'Mengambil daftar dokumen Anda.',
    documents: 'Dokumen Anda. Tekan panah bawah untuk mendengar setiap dokumen.',
    proof: 'Masukkan enam angka PIN dokumen dengan tombol angka.',
    confirm: 'Cetak dokumen ini? Setiap dokumen hanya dapat dicetak satu kali.',
    printing: 'Sedang mencetak. Mohon tunggu di depan anjungan.',
    'print-failed': 'Dokumen belum tercetak. Hak cetak Anda tetap berlaku.',
    'print-unknown': 'Pencetakan terhenti. Petugas akan memeriksa dokumen Anda.',
    'take-document': 'Silakan ambil dokumen dan struk Anda dari printer di bawah layar.',
    'print-reported': 'Laporan Anda sudah dicatat. Petugas akan memeriksa printer.',
    'thank-you': 'Terima kasih. Data Anda sudah dihapus dari anjungan ini. Jangan lupa e-KTP Anda.',
    ended: 'Sesi selesai.',
  },
  en: {
    'out-of-service': 'Sorry, this kiosk is not serving at the moment. Please come back later or ask the staff.',
    attract: 'Dukcapil self-service kiosk. Print your own population documents. Press OK to start.',
    'choose-method': 'Choose how to sign in. Press the down arrow to move between choices.',
    'card-wait': 'Place your e-KTP on the card reader below the screen, and leave it there.',
    'card-reading': 'Reading your e-KTP. Please do not lift your card.',
    finger: 'Put your right index finger on the fingerprint sensor.',
    'finger-locked': 'Your fingerprint could not be matched. You can still sign in with your NIK and PIN.',
    'reader-fault': 'The card reader has a problem. You can still sign in with your NIK and PIN.',
    'signing-in': 'Checking your details. Please wait.',
    'registry-down': 'The Dukcapil data centre cannot be reached yet. This is not your fault.',
    'nik-pin': 'Sign in with NIK and PIN. Type the sixteen digits of your NIK with the number keys, then the six digits of your PIN.',
    'qr-scan': 'Hold the QR code from the Dukcapil SMS or e-mail to the scanner below the screen.',
    'documents-loading': 'Getting your documents.',
    documents: 'Your documents. Press the down arrow to hear each one.',
    proof: 'Type the six digits of the document PIN with the number keys.',
    confirm: 'Print this document? Each document can be printed only once.',
    printing: 'Printing. Please stay at the kiosk.',
    'print-failed': 'The document was not printed. You can still print it later.',
    'print-unknown': 'Printing stopped. Staff will check your document.',
    'take-document': 'Please take your document and receipt from the printer below the screen.',
    'print-reported': 'Your report has been recorded. Staff will check the printer.',
    'thank-you': 'Thank you. Your data has been removed from this kiosk. Do not forget your e-KTP.',
    ended: 'The session has ended.',
  },
};

const PHRASES = {
  id: {
    guidanceOn: 'Panduan suara aktif.',
    keys: 'Tombol panah untuk berpindah pilihan, OK untuk memilih, kembali untuk kembali. Tombol angka untuk NIK dan PIN.',
    disabled: 'tidak tersedia',
    typed: (n, max) => `${n} dari ${max} angka.`,
    nikDone: (last4) => `NIK lengkap, berakhiran ${last4}. Sekarang ketik PIN.`,
    ready: (label) => `Lengkap. Tekan OK untuk ${label}.`,
    cleared: 'Angka dihapus.',
    stillThere: 'Apakah Anda masih di sana? Tekan tombol apa saja untuk melanjutkan.',
    continued: 'Sesi dilanjutkan.',
    volume: (p) => `Volume ${p} persen.`,
    speed: (wpm) => `Kecepatan ${wpm} kata per menit.`,
    field: (label, n) => `${label}, ${n} angka terisi.`,
  },
  en: {
    guidanceOn: 'Voice guidance is on.',
    keys: 'Arrow keys move between choices, OK chooses, back goes back. Number keys type your NIK and PIN.',
    disabled: 'not available',
    typed: (n, max) => `${n} of ${max} digits.`,
    nikDone: (last4) => `NIK complete, ending in ${last4}. Now type your PIN.`,
    ready: (label) => `Complete. Press OK to ${label}.`,
    cleared: 'Digit removed.',
    stillThere: 'Are you still there? Press any key to continue.',
    continued: 'Session continued.',
    volume: (p) => `Volume ${p} percent.`,
    speed: (wpm) => `Speed ${wpm} words per minute.`,
    field: (label, n) => `${label}, ${n} digits typed.`,
  },
};

/** What is said when `screen` opens; a notice on it is said after. */
export function spokenScreen(lang, screen) {
  return SCREENS[lang][screen] || '';
}

export function spoken(lang, key, ...args) {
  const v = PHRASES[lang][key];
  return typeof v === 'function' ? v(...args) : v;
}

/**
 * Page-side hygiene before anything goes to the kiosk for speech: numbers of more than four digits
 * (a No. KK, a masked NIK) are left out. The kiosk checks again and refuses what still slips through.
 */
export function speakable(text) {
  return text
    .replace(/[\d*•○][\d*•○\s.\-/]{4,}[\d*•○]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
