/** Small DOM helpers shared by the pages' scripts. */

/** The element with this id, of this type; null when absent (or of another kind). */
export function byId<T extends HTMLElement = HTMLElement>(
  id: string,
  type?: new () => T,
): T | null {
  const element = document.getElementById(id);
  if (element === null) return null;
  if (type !== undefined && !(element instanceof type)) return null;
  return element as T;
}

/** Fills `{name}` placeholders; unknown names stay as they are. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : placeholder,
  );
}

export type NoticeKind = 'info' | 'ok' | 'error' | '';

/** Writes a sentence into a notice region (an aria-live paragraph) with its colour. */
export function showNotice(region: HTMLElement | null, text: string, kind: NoticeKind): void {
  if (region === null) return;
  region.textContent = text;
  region.className = kind === '' ? 'notice' : `notice notice-${kind}`;
}

/** Hides the elements with these ids (those that exist). */
export function hideAll(ids: readonly string[]): void {
  for (const id of ids) {
    const element = document.getElementById(id);
    if (element !== null) element.hidden = true;
  }
}

/** Creates an element with a class and a text. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = '',
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className !== '') node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Offers bytes as a download under this name. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
