/** Small DOM helpers of the page: elements by id, errors beside their field, downloads and copies. */
import { errorLine, HdfeError } from '../errors.js';

/** The element with this id (the page's HTML defines them all). */
export function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`hdfe page: no element #${id}`);
  return el as T;
}

/** The CLI's one line for an error: 'hdfe: ' and the message (anything else is reported the same way). */
export function lineOf(err: unknown): string {
  if (err instanceof HdfeError) return errorLine(err);
  const message = err instanceof Error ? err.message : String(err);
  return message.startsWith('hdfe: ') ? message.replace(/\s*\n\s*/g, ' ') : `hdfe: ${message.replace(/\s*\n\s*/g, ' ')}`;
}

/** Show `text` in the error element `id` and mark `input` (when given) invalid; empty text clears it. */
export function showError(id: string, text: string, input?: HTMLElement | null): void {
  const el = $(id);
  el.textContent = text;
  el.hidden = !text;
  if (input) {
    if (text) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
}

const urls = new Map<string, string>();

/** Point the link `id` at a download of `text` (the previous one is released). */
export function offer(id: string, text: string, type: string): void {
  const link = $<HTMLAnchorElement>(id);
  const old = urls.get(id);
  if (old) URL.revokeObjectURL(old);
  const url = URL.createObjectURL(new Blob([text], { type }));
  urls.set(id, url);
  link.href = url;
}

/** Copy text to the clipboard (falling back to a selected text area where the Clipboard API is not allowed). */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
}

/** Write the automation contract's result element: `<script type="application/json" id="hdfe-result">`. */
export function writeResult(value: unknown): void {
  document.getElementById('hdfe-result')?.remove();
  const script = document.createElement('script');
  script.type = 'application/json';
  script.id = 'hdfe-result';
  // '<' escaped, so the JSON stays inert even if the page's HTML is serialised and parsed again.
  script.textContent = JSON.stringify(value, null, 2).replace(/</g, '\\u003c');
  document.body.append(script);
}
