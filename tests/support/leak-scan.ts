/**
 * Finds a NIK or a name in text however it was written: digits of any script with any separators
 * between them, names in any case with any spacing. What an attacker would grep for.
 */
export function leakScanner(niks: readonly string[], names: readonly string[]): (text: string) => string[] {
  const flatDigits = (t: string) => t.normalize('NFKC').replace(/[\s.\-_/\u2010-\u2015]/g, '');
  const flatLetters = (t: string) => t.normalize('NFKC').toLowerCase().replace(/[\s.\-_]/g, '');
  return (text) => {
    const digits = flatDigits(text);
    const letters = flatLetters(text);
    return [...niks.filter((n) => digits.includes(n)), ...names.filter((n) => letters.includes(flatLetters(n)))];
  };
}
