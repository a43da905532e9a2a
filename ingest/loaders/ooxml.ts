import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import JSZip from 'jszip';
import { DocumentLoadError } from '../../core/errors.ts';
import { checkArchiveLimits } from './archiveLimits.ts';
import type { SourceFile } from './documentLoader.ts';

/**
 * Reading Office Open XML packages (PPTX, DOCX): the ZIP container, relationship files and XML parts
 * as an ordered tree, because text order matters and fast-xml-parser's default object form loses it.
 */

export type OfficeKind = 'pptx' | 'docx';

const OFFICE_NAMES: Record<OfficeKind, string> = { pptx: 'PowerPoint file', docx: 'Word file' };

/** OLE compound files: both password-protected OOXML and the legacy .ppt/.doc formats use this container. */
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export async function openOfficeZip(file: SourceFile, kind: OfficeKind): Promise<JSZip> {
  if (file.bytes.subarray(0, 8).equals(OLE_MAGIC)) {
    throw new DocumentLoadError(
      file.relativePath,
      `the ${OFFICE_NAMES[kind]} is password-protected or in the old binary format (.${kind.slice(0, 3)}); save it as .${kind} without a password`,
      `${kind}_encrypted_or_legacy`,
    );
  }
  // Nothing is unpacked (by JSZip here or by mammoth later) before the archive is within the limits.
  await checkArchiveLimits(file, (detail) => corruptOffice(file, kind, detail));
  try {
    return await JSZip.loadAsync(file.bytes);
  } catch (error) {
    throw corruptOffice(file, kind, 'it is not a valid ZIP archive', error);
  }
}

export function corruptOffice(file: SourceFile, kind: OfficeKind, detail: string, cause?: unknown): DocumentLoadError {
  return new DocumentLoadError(
    file.relativePath,
    `the ${OFFICE_NAMES[kind]} is damaged and cannot be read (${detail}); save or download it again`,
    `${kind}_corrupt`,
    cause === undefined ? undefined : { cause },
  );
}

export async function readZipText(zip: JSZip, partPath: string): Promise<string | undefined> {
  const entry = zip.file(partPath);
  return entry ? entry.async('string') : undefined;
}

/** One node of an order-preserving XML tree: element name → children, attributes under ':@'. */
export type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Keep text exactly: runs carry meaningful leading/trailing spaces, and "2020" must stay a string.
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
});

export function parseXml(xml: string): XmlNode[] {
  return parser.parse(xml) as XmlNode[];
}

export function tagName(node: XmlNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@');
}

export function childrenOf(node: XmlNode): XmlNode[] {
  const name = tagName(node);
  if (!name || name === '#text') return [];
  const value = node[name];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

export function attribute(node: XmlNode, name: string): string | undefined {
  const attrs = node[':@'] as Record<string, unknown> | undefined;
  const value = attrs?.[name];
  return value === undefined ? undefined : String(value);
}

export function textOf(node: XmlNode): string | undefined {
  const value = node['#text'];
  return value === undefined ? undefined : String(value);
}

/** Depth-first search for elements with the given name (not descending into matches). */
export function findAll(nodes: readonly XmlNode[], name: string): XmlNode[] {
  const found: XmlNode[] = [];
  const visit = (list: readonly XmlNode[]) => {
    for (const node of list) {
      if (tagName(node) === name) found.push(node);
      else visit(childrenOf(node));
    }
  };
  visit(nodes);
  return found;
}

export function findFirst(nodes: readonly XmlNode[], name: string): XmlNode | undefined {
  return findAll(nodes, name)[0];
}

export interface Relationship {
  id: string;
  type: string;
  /** Package path of the target, resolved against the source part. */
  target: string;
  external: boolean;
}

/** Reads the `_rels/<part>.rels` file of a part; missing rels mean no relationships. */
export async function readRelationships(zip: JSZip, partPath: string): Promise<Map<string, Relationship>> {
  const dir = path.posix.dirname(partPath);
  const relsPath = path.posix.join(dir, '_rels', `${path.posix.basename(partPath)}.rels`);
  const xml = await readZipText(zip, relsPath);
  const relationships = new Map<string, Relationship>();
  if (!xml) return relationships;
  for (const rel of findAll(parseXml(xml), 'Relationship')) {
    const id = attribute(rel, 'Id');
    const target = attribute(rel, 'Target');
    if (!id || !target) continue;
    const external = attribute(rel, 'TargetMode') === 'External';
    const resolved = external ? target : target.startsWith('/') ? target.slice(1) : path.posix.normalize(path.posix.join(dir, target));
    relationships.set(id, { id, type: attribute(rel, 'Type') ?? '', target: resolved, external });
  }
  return relationships;
}

/** `dc:title` from docProps/core.xml, if any. */
export async function readCoreTitle(zip: JSZip): Promise<string | undefined> {
  const xml = await readZipText(zip, 'docProps/core.xml');
  if (!xml) return undefined;
  const title = findFirst(parseXml(xml), 'dc:title');
  if (!title) return undefined;
  return childrenOf(title)
    .map((n) => textOf(n) ?? '')
    .join('')
    .trim();
}
