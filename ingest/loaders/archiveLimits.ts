import yauzl, { type Entry } from 'yauzl';
import { DocumentLoadError } from '../../core/errors.ts';
import type { SourceFile } from './documentLoader.ts';
import { DEFAULT_LOAD_LIMITS, type LoadLimits } from './loadLimits.ts';

/**
 * Office files are ZIP archives; a small one can unpack to gigabytes (a zip bomb: the reported 400 KB
 * PPTX held one slide of 400 MB of spaces). Before any extraction the archive's directory is checked
 * against the limits, and the XML parts the loaders read are inflated once, counting bytes, because
 * the sizes an archive declares may lie. yauzl does both: it exposes the declared sizes and stops an
 * entry that inflates past its declared size.
 */

/** Declared uncompressed / compressed size at which an oversized entry counts as a bomb, not a big file. */
const BOMB_RATIO = 100;
/** What loaders read from an archive: XML parts and relationships. Media are never inflated. */
const READ_PARTS = /\.(xml|rels)$/i;

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toLocaleString('en', { maximumFractionDigits: 1 })} MB`;
}

function excessive(file: SourceFile, what: string, ratio: number, limit: string): DocumentLoadError {
  const bomb = ratio >= BOMB_RATIO;
  const kind = bomb ? `it is compressed ${Math.round(ratio).toLocaleString('en')} to 1, a zip bomb or a damaged file` : 'the file is too large to read';
  return new DocumentLoadError(file.relativePath, `${what}, more than ${limit} allows; ${kind}`, bomb ? 'zip_bomb' : 'too_large');
}

function listEntries(zip: yauzl.ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

/** Inflates one entry, counting bytes; rejects when it yields more than it declares or than `maxBytes`. */
async function inflatedSize(zip: yauzl.ZipFile, entry: Entry, maxBytes: number): Promise<number> {
  const stream = await zip.openReadStreamPromise(entry);
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      stream.destroy();
      throw new RangeError('limit');
    }
  }
  return size;
}

/** Throws `zip_bomb` or `too_large` (or the format's corrupt error) before anything is extracted. */
export async function checkArchiveLimits(file: SourceFile, corrupt: (detail: string) => DocumentLoadError): Promise<void> {
  const limits: LoadLimits = file.limits ?? DEFAULT_LOAD_LIMITS;
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(file.bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch (error) {
    throw corrupt(`it is not a valid ZIP archive: ${(error as Error).message}`);
  }
  try {
    if (zip.entryCount > limits.archiveEntries) {
      throw new DocumentLoadError(
        file.relativePath,
        `the archive holds ${zip.entryCount.toLocaleString('en')} entries, more than MAX_ARCHIVE_ENTRIES (${limits.archiveEntries.toLocaleString('en')}) allows; a zip bomb or a damaged file`,
        'zip_bomb',
      );
    }
    let entries: Entry[];
    try {
      entries = await listEntries(zip);
    } catch (error) {
      throw corrupt(`its directory cannot be read: ${(error as Error).message}`);
    }
    let declaredTotal = 0;
    let compressedTotal = 0;
    for (const entry of entries) {
      declaredTotal += entry.uncompressedSize;
      compressedTotal += entry.compressedSize;
      const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
      if (READ_PARTS.test(entry.fileName) && entry.uncompressedSize > limits.archiveEntryBytes) {
        throw excessive(file, `${entry.fileName} would unpack to ${megabytes(entry.uncompressedSize)} from ${megabytes(entry.compressedSize)}`, ratio, `MAX_ARCHIVE_ENTRY_MB (${megabytes(limits.archiveEntryBytes)})`);
      }
    }
    if (declaredTotal > limits.archiveTotalBytes) {
      throw excessive(file, `the archive would unpack to ${megabytes(declaredTotal)}`, declaredTotal / Math.max(1, compressedTotal), `MAX_ARCHIVE_UNCOMPRESSED_MB (${megabytes(limits.archiveTotalBytes)})`);
    }
    // The declared sizes may lie: inflate what the loaders will read, within the same limits.
    let inflatedTotal = 0;
    for (const entry of entries) {
      if (!READ_PARTS.test(entry.fileName)) continue;
      const budget = Math.min(limits.archiveEntryBytes, limits.archiveTotalBytes - inflatedTotal);
      try {
        inflatedTotal += await inflatedSize(zip, entry, budget);
      } catch (error) {
        if (error instanceof RangeError || /too many bytes/i.test((error as Error).message)) {
          throw new DocumentLoadError(
            file.relativePath,
            `${entry.fileName} inflates to more than it declares (${megabytes(entry.uncompressedSize)}) or than the limits allow; a zip bomb or a damaged file`,
            'zip_bomb',
          );
        }
        throw corrupt(`${entry.fileName} cannot be unpacked: ${(error as Error).message}`);
      }
    }
  } finally {
    zip.close();
  }
}
