/** German number formats: "250.000", "1,2", "1.500,-", "1,2 Mio." and small number words. */

/** A German-written number: thousands with dots, decimals with a comma ("250.000", "1.500,50", "1,2"). */
export const GERMAN_NUMBER = '\\d{1,3}(?:\\.\\d{3})+(?:,\\d+)?|\\d+(?:,\\d+)?';

/** Multipliers written after a number. */
export const MULTIPLIER = 'Mio\\.|Millionen|Million|Mrd\\.|Milliarden|Milliarde|Tsd\\.|Tausend';

export function parseGermanNumber(written: string): number | undefined {
  const cleaned = written.replace(/,[-–]$/, '').trim();
  let normalised: string;
  if (/^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/.test(cleaned)) normalised = cleaned.replace(/\./g, '').replace(',', '.');
  else if (/^\d+(?:,\d+)?$/.test(cleaned)) normalised = cleaned.replace(',', '.');
  else return undefined;
  const value = Number(normalised);
  return Number.isFinite(value) ? value : undefined;
}

export function multiplierValue(written: string | undefined): number {
  if (!written) return 1;
  const w = written.toLowerCase();
  if (w.startsWith('mio') || w.startsWith('million')) return 1e6;
  if (w.startsWith('mrd') || w.startsWith('milliard')) return 1e9;
  if (w.startsWith('tsd') || w.startsWith('tausend')) return 1e3;
  return 1;
}

const NUMBER_WORDS: Record<string, number> = {
  ein: 1, eine: 1, einen: 1, einem: 1, einer: 1, zwei: 2, drei: 3, vier: 4, fünf: 5, sechs: 6, sieben: 7, acht: 8,
  neun: 9, zehn: 10, elf: 11, zwölf: 12, zwanzig: 20, dreißig: 30, hundert: 100, halb: 0.5, halbe: 0.5, halben: 0.5,
  eineinhalb: 1.5, anderthalb: 1.5, zweieinhalb: 2.5, dreieinhalb: 3.5, viereinhalb: 4.5,
  dreizehn: 13, vierzehn: 14, fünfzehn: 15, sechzehn: 16, siebzehn: 17, achtzehn: 18, neunzehn: 19, vierundzwanzig: 24,
};

/** A whole number with a fraction: "3 1/2", "3½", "2 ¾". */
export const FRACTION = '(?:[ \\t]?(?:[½¼¾]|1/2|1/4|3/4)(?![\\d/]))';

export function fractionValue(written: string): number {
  if (/½|1\/2/.test(written)) return 0.5;
  if (/¼|1\/4/.test(written)) return 0.25;
  if (/¾|3\/4/.test(written)) return 0.75;
  return 0;
}

export function numberWordValue(word: string): number | undefined {
  return NUMBER_WORDS[word.toLowerCase()];
}
