/**
 * The browser's file access for the readers: a File (a drop or a file input), a Blob, an ArrayBuffer or
 * bytes, or a URL to fetch, as bytes and a name (whose extension gives the format and which names the data
 * in messages, as the CLI names the file it was given).
 */
import { DataError } from '../../errors.js';

/** Where a page's data come from. */
export type BrowserSource = File | Blob | ArrayBuffer | Uint8Array | string | URL;

/** The last segment of a path or URL path ('/files/panel.csv' -> 'panel.csv'). */
export function baseName(path: string): string {
  const clean = path.split(/[?#]/)[0];
  return decodeURIComponent(clean.slice(clean.lastIndexOf('/') + 1)) || clean;
}

/**
 * The bytes of a source and the name to call it by (`name` overrides; a File keeps its own name, a URL its
 * last path segment, anything else 'data.csv').
 * @example
 * const { bytes, name } = await sourceBytes('/files/panel.csv'); // name 'panel.csv'
 */
export async function sourceBytes(source: BrowserSource, name?: string): Promise<{ bytes: Uint8Array; name: string }> {
  if (typeof source === 'string' || source instanceof URL) {
    const url = String(source);
    const label = name ?? baseName(new URL(url, globalThis.location?.href ?? 'http://localhost/').pathname);
    let response: Response;
    try {
      response = await fetch(url);
    } catch (err) {
      throw new DataError(`cannot read data from '${label}': ${(err as Error).message}; check the address`);
    }
    if (!response.ok) throw new DataError(`cannot read data from '${label}': the server answered ${response.status} ${response.statusText}; check the address`);
    return { bytes: new Uint8Array(await response.arrayBuffer()), name: label };
  }
  if (source instanceof Uint8Array) return { bytes: source, name: name ?? 'data.csv' };
  if (source instanceof ArrayBuffer) return { bytes: new Uint8Array(source), name: name ?? 'data.csv' };
  const fileName = (source as File).name;
  return { bytes: new Uint8Array(await source.arrayBuffer()), name: name ?? (fileName || 'data.csv') };
}
