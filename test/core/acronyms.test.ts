import { describe, expect, it } from 'vitest';
import { acronymsIn } from '../../core/text/acronyms.ts';

describe('acronymsIn', () => {
  it('spells out a name of capitalised words, with "für" between them and one initial per hyphenated part', () => {
    const acronyms = acronymsIn('Bayerische Akademie für Verwaltungs-Management, Ridlerstraße 75, 80339 München');
    expect(acronyms).toContain('bav');
    expect(acronyms).toContain('bavm');
  });

  it('ends a name at punctuation and at lower-case words, and keeps no two-letter acronyms', () => {
    const acronyms = acronymsIn('Verwaltungs-Management, Ridlerstraße in München sowie Künstliche Intelligenz');
    expect(acronyms).not.toContain('vmr');
    expect([...acronyms].every((a) => a.length >= 3)).toBe(true);
    expect(acronyms).not.toContain('ki');
  });
});
