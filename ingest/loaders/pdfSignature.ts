/** Recognises what a file named ".pdf" really contains, so the admin gets a useful reason. */

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');

/** The PDF header may follow some junk bytes; readers accept it within the first kilobyte. */
export function hasPdfSignature(bytes: Buffer): boolean {
  return bytes.subarray(0, 1024).indexOf(PDF_MAGIC) !== -1;
}

export function describeNonPdfContent(bytes: Buffer): string {
  const head = bytes.subarray(0, 512).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || /<(head|body|title)[\s>]/.test(head)) {
    return 'the file is named .pdf but contains HTML (probably a web page saved instead of the PDF)';
  }
  if (head.startsWith('pk')) return 'the file is named .pdf but contains a ZIP archive (perhaps a Word or PowerPoint file)';
  if (head.startsWith('<?xml') || head.startsWith('<')) return 'the file is named .pdf but contains XML';
  if (head.startsWith('{') || head.startsWith('[')) return 'the file is named .pdf but contains JSON';
  return 'the file is named .pdf but is not a PDF (it has no %PDF header)';
}
