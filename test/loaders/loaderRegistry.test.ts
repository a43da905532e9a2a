import { describe, expect, it } from 'vitest';
import { DocumentLoadError } from '../../core/errors.ts';
import { loaderForFile, supportedExtensions } from '../../ingest/loaders/loaderRegistry.ts';
import { sourceFile } from './fixtures.ts';

describe('loaderRegistry', () => {
  it('maps extensions case-insensitively to the loader of that format', () => {
    expect(loaderForFile('Ordner/Folien.PDF')?.format).toBe('pdf');
    expect(loaderForFile('a/b.pptx')?.format).toBe('pptx');
    expect(loaderForFile('brief.docx')?.format).toBe('docx');
    expect(loaderForFile('seite.htm')?.format).toBe('html');
    expect(loaderForFile('readme.md')?.format).toBe('markdown');
    expect(loaderForFile('notiz.txt')?.format).toBe('text');
    expect(loaderForFile('tabelle.xlsx')).toBeUndefined();
    expect(loaderForFile('ohne-endung')).toBeUndefined();
  });

  it('lists every extension a loader declares', () => {
    expect(supportedExtensions()).toEqual(expect.arrayContaining(['.pdf', '.pptx', '.docx', '.html', '.htm', '.md', '.txt']));
    expect(supportedExtensions().every((ext) => ext.startsWith('.') && ext === ext.toLowerCase())).toBe(true);
  });

  it.each(supportedExtensions())('rejects an empty %s file with empty_file', async (ext) => {
    const name = `leer${ext}`;
    const error = await loaderForFile(name)!.load(sourceFile(name, Buffer.alloc(0))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentLoadError);
    expect((error as DocumentLoadError).code).toBe('empty_file');
    expect((error as DocumentLoadError).message).toBe(`${name}: the file is empty (0 bytes)`);
  });
});
