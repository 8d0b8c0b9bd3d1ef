import { describe, expect, it } from 'vitest';
import { checkSpeakable } from '../../kiosk/speech/spoken-guard.ts';

const NIK = '3506141203849001';
const who = { names: ['Siti Nurhaliza Ramadhani'] };
const refused = (text: string, personal = who) => {
  const r = checkSpeakable(text, personal, 400);
  return !r.ok && r.error.code === 'personalData';
};

describe('what speech will never say', () => {
  it('lets plain guidance and the last four digits through', () => {
    for (const t of ['Selamat datang. Tekan OK untuk mulai.', 'NIK berakhiran 9001.', 'Masukkan PIN 6 angka.', 'Halaman 2 dari 3.', 'Kartu Keluarga, siap dicetak.', 'It is 12:30.']) {
      expect(checkSpeakable(t, who, 400)).toMatchObject({ ok: true });
    }
  });

  it('refuses a NIK however it is written', () => {
    const spellings = [
      NIK,
      `NIK ${NIK}`,
      '3506 1412 0384 9001',
      '3506-1412-0384-9001',
      '35.06.14.120384.9001',
      '3 5 0 6 1 4 1 2 0 3 8 4 9 0 0 1',
      '3, 5, 0, 6, 1',
      '３５０６１４１２０３８４９００１', // full-width
      '٣٥٠٦١٤١٢٠٣٨٤٩٠٠١', // Arabic-Indic
      '3506********9001', // the masked NIK the screen shows still has eight digits
      '35O6 l412', // letters for digits
      'tiga lima nol enam satu empat',
      'three five zero six one four',
      'tiga lima 0 6 1',
      'tiga puluh lima juta',
      'double five double three one',
      '35\u200b06\u200b1412', // zero-width spaces
      '3<break/>5<break/>0<break/>6<break/>1', // markup between digits
    ];
    for (const s of spellings) expect(refused(s), s).toBe(true);
  });

  it('refuses the signed-in citizen\'s name: a word of it, spelled out, run together, with or without accents', () => {
    for (const s of ['Halo Siti', 'Selamat datang, SITI NURHALIZA', 'S I T I', 's-i-t-i n-u-r', 'sitinurhaliza', 'Rámadhani']) expect(refused(s), s).toBe(true);
    expect(refused('Halo Siti', { names: [] })).toBe(false);
    expect(refused('Tekan OK untuk mencetak.')).toBe(false);
    // A short name inside an ordinary word is not the name: "Arga" is in "Keluarga".
    expect(refused('Kartu Keluarga, siap dicetak.', { names: ['Arga Wibowo'] })).toBe(false);
  });

  it('refuses empty and overlong text with badText', () => {
    expect(checkSpeakable('  ', who, 400)).toMatchObject({ ok: false, error: { code: 'badText' } });
    expect(checkSpeakable('a'.repeat(401), who, 400)).toMatchObject({ ok: false, error: { code: 'badText' } });
  });
});
