/**
 * Contact details found anywhere in text: e-mail addresses (also spam-protected: "name(at)domain.de",
 * "name[@]domain.de", "name@~@domain.de") and German
 * telephone numbers in their many written forms, without mistaking dates, postcodes, ISBNs, years
 * or amounts for phone numbers.
 */

export interface FoundDetail {
  /** Normalised e-mail, or the phone number as written (trimmed). */
  value: string;
  start: number;
  end: number;
}

const EMAIL =
  /(?<![\w.%+@-])([A-Za-z0-9][A-Za-z0-9._%+-]*)(?:@(?:[~#*]@)?|[ \t]*[([{][ \t]*@[ \t]*[)\]}][ \t]*|[ \t]*[([{][ \t]*(?:at|ät|AT)[ \t]*[)\]}][ \t]*)((?:[A-Za-z0-9-]+(?:\.|[ \t]*[([{][ \t]*(?:dot|punkt|DOT)[ \t]*[)\]}][ \t]*))+[A-Za-z]{2,})(?![\w@-])/g;

export function findEmails(text: string): FoundDetail[] {
  const found: FoundDetail[] = [];
  for (const m of text.matchAll(EMAIL)) {
    const local = m[1]!.replace(/\.+$/, '');
    const domain = m[2]!.replace(/[ \t]*[([{][ \t]*(?:dot|punkt)[ \t]*[)\]}][ \t]*/gi, '.');
    if (!/\.[A-Za-z]{2,}$/.test(domain)) continue;
    found.push({ value: `${local}@${domain}`, start: m.index, end: m.index + m[0].length });
  }
  return found;
}

/**
 * International (+49 / 0049, optionally "(0)"; area codes of one digit too, Vienna's "+43/1/…") or national (0 + area code, optionally in
 * parentheses) numbers; groups are separated by space, slash, hyphen or dash, never by dots or commas
 * (those belong to dates and amounts). Right after a cue ("Telefon: 90229 – 8040") a number without
 * area code counts too: administrations give their internal networks' numbers that way.
 */
const PHONE = new RegExp(
  '(?<![\\w+/.,–-])(?<!\\d[ \\t])' +
    '(?:(?:\\+|00)[1-9]\\d{0,2}(?:[ \\t]*\\(0\\)[ \\t]*|[ \\t/-]{1,3})\\(?\\d{1,5}\\)?|\\(0[ \\t]?\\d{2,5}\\)|0\\d{2,5}|0[ \\t]\\d{2,5}|(?<=(?:Telefon|Tel\\.?|Rufnummer|Durchwahl)[ \\t]*:?[ \\t]*)[1-9]\\d{2,5}(?=[ \\t]*[/–-]))' +
    '(?:[ \\t/–-]{1,3}\\d{1,8}(?!\\d|[.,]\\d))*' +
    '(?![\\d]|[.,]\\d)',
  'g',
);

const PHONE_CUE = /(?:Telefon|Tel\.?(?:-Nr\.?)?|Fon|Phone|Mobil(?:funk)?|Handy|Mob\.?|Durchwahl|Rufnummer|Hotline|\bT|\bM)[ \t]*[:.]?[ \t]*$/i;
const FAX_CUE = /(?:Telefax|Fax|\bF)[ \t]*[:.]?[ \t]*$/i;
const NOT_PHONE_CUE = /(?:ISBN|ISSN|IBAN|BIC|Az\.|Aktenzeichen|Kundennummer|Steuernummer|USt-IdNr\.?|Nr\.|Drucksache|Drs\.|BGBl\.?|Art\.|§)[ \t]*[:.]?[ \t]*[\w-]*[ \t]*$/i;

function countDigits(text: string): number {
  let n = 0;
  for (const ch of text) if (ch >= '0' && ch <= '9') n++;
  return n;
}

/** Fax numbers: numbers of telephone shape after "Fax"/"Telefax". */
export function findFaxNumbers(text: string): FoundDetail[] {
  return numbersOfPhoneShape(text, true);
}

export function findPhones(text: string): FoundDetail[] {
  return numbersOfPhoneShape(text, false);
}

function numbersOfPhoneShape(text: string, fax: boolean): FoundDetail[] {
  const found: FoundDetail[] = [];
  for (const m of text.matchAll(PHONE)) {
    const written = m[0].replace(/[ \t/–-]+$/, '');
    const before = text.slice(Math.max(0, m.index - 24), m.index);
    if (FAX_CUE.test(before) !== fax || NOT_PHONE_CUE.test(before)) continue;
    const digits = countDigits(written);
    const international = /^(?:\+|00)/.test(written);
    const cued = fax || PHONE_CUE.test(before);
    if (digits > 15) continue;
    if (international) {
      if (digits < 8) continue;
    } else if (cued) {
      if (digits < 6) continue;
    } else {
      // Without a cue a national number needs the usual shape: area code, separator, enough digits.
      if (digits < 8 || !/^(?:\(0[ \t]?\d+\)|0\d+)[ \t/-]/.test(written)) continue;
    }
    found.push({ value: written.trim(), start: m.index, end: m.index + written.length });
  }
  return found;
}
