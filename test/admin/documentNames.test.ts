import { describe, expect, it } from 'vitest';
import { checkDocumentPath, sanitizeUploadName } from '../../bot/admin/documentNames.ts';
import { isFolderNote } from '../../core/index/folderNotes.ts';

describe('upload file names', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\Windows\\system.ini', 'system.ini'],
    ['C:\\Users\\amt\\Förderung 2026.pdf', 'Förderung 2026.pdf'],
    ['.htaccess', 'htaccess'],
    ['...versteckt.md', 'versteckt.md'],
    ['Bericht\u0000.pdf', 'Bericht.pdf'],
    ['Zeile\nUmbruch.txt', 'ZeileUmbruch.txt'],
    ['a<b>c:d"e|f?g*h.md', 'abcdefgh.md'],
    ['  Leerzeichen   am Rand .docx ', 'Leerzeichen am Rand .docx'],
    ['U\u0308bersicht.pdf', 'Übersicht.pdf'],
  ])('%j becomes %j', (raw, expected) => {
    expect(sanitizeUploadName(raw)).toEqual({ ok: true, name: expected });
  });

  it.each(['', '..', '../', '/', '. . .', '\u0001\u0002'])('%j is refused', (raw) => {
    const result = sanitizeUploadName(raw);
    expect(result.ok).toBe(false);
  });

  it.each(['SOURCES.md', 'readme.MD', 'Ordner/README.md'])('%j, a note of the documents folder, is refused', (raw) => {
    // Only the last segment counts for uploads, so a nested name lands at the top too.
    expect(sanitizeUploadName(raw)).toMatchObject({ ok: false, code: 'folder_note', reason: expect.stringContaining('Notizdatei') });
  });

  it('accepts other Markdown names that merely contain the note names', () => {
    expect(sanitizeUploadName('SOURCES-2026.md')).toEqual({ ok: true, name: 'SOURCES-2026.md' });
  });
});

describe('document paths in URLs', () => {
  it('accepts plain and nested relative names', () => {
    expect(checkDocumentPath('flyer.pdf')).toEqual({ ok: true, name: 'flyer.pdf' });
    expect(checkDocumentPath('2026/Programm.docx')).toEqual({ ok: true, name: '2026/Programm.docx' });
  });

  it.each(['../geheim.txt', 'a/../../b.pdf', '/etc/passwd', 'C:/x.pdf', 'a\\b.pdf', '.env', 'ordner/.git/config', 'a//b.pdf', ''])(
    'refuses %j',
    (raw) => {
      expect(checkDocumentPath(raw).ok).toBe(false);
    },
  );
});

describe('notes of the documents folder', () => {
  it('are SOURCES.md and README.md at the top, in any case; in subfolders they are documents', () => {
    expect(['SOURCES.md', 'Readme.md', 'readme.md'].map(isFolderNote)).toEqual([true, true, true]);
    expect(['2026/SOURCES.md', 'QUELLEN.md', 'README.txt'].map(isFolderNote)).toEqual([false, false, false]);
  });
});
