//! Thing-model documents in and out: reading a pasted or uploaded JSON document, telling which format it
//! is, and saving an export as a file.
import type { ImportFormat } from '@/api/types';

export type Parsed = { ok: true; value: unknown } | { ok: false; line: number | null };

/** JSON text to a value; on failure, the line of the error when the engine says where. */
export function parseDocument(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    const message = e instanceof Error ? e.message : '';
    const line = /line (\d+)/.exec(message)?.[1];
    const position = /position (\d+)/.exec(message)?.[1];
    if (line) return { ok: false, line: Number(line) };
    if (position) return { ok: false, line: text.slice(0, Number(position)).split('\n').length };
    return { ok: false, line: null };
  }
}

/**
 * The format a document looks like: a WoT Thing Description has `@context`; a TSL document a `profile`
 * with a `productKey` (or TSL's `schema` URL); this platform's format `identifier` and `name_en`.
 */
export function guessFormat(doc: unknown): ImportFormat | null {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return null;
  const o = doc as Record<string, unknown>;
  if ('@context' in o) return 'wot';
  const profile = o.profile;
  if ((typeof profile === 'object' && profile !== null && 'productKey' in profile) || typeof o.schema === 'string') return 'tsl';
  if (typeof o.identifier === 'string' && 'name_en' in o) return 'foresight';
  if ('title' in o && ('properties' in o || 'events' in o || 'actions' in o)) return 'wot';
  return null;
}

/** The file name in a Content-Disposition header (`attachment; filename="x.json"`), if any. */
export function filenameFromDisposition(header: string | null | undefined): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // Fall through to the plain form.
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
  const name = (plain?.[2] ?? plain?.[1] ?? '').trim();
  return name || null;
}

/** The export's file name when the server gives none: the same pattern as the server's. */
export function exportFilename(identifier: string, revision: number, format: 'foresight' | 'tsl'): string {
  return `${identifier}-r${revision}.${format === 'tsl' ? 'tsl' : 'model'}.json`;
}

/** Offers a value as a JSON file download. */
export function downloadJson(value: unknown, filename: string): void {
  downloadBlob(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }), filename);
}

/** Offers bytes (a JSON document, an Excel workbook) as a file download. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Reads a chosen file as text. */
export function readFileText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsText(file);
  });
}
