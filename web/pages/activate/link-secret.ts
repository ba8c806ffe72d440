/*
 * The activation secret arrives in the link's fragment (never sent to a server in a URL). The page
 * drops it from the address bar and history at once and keeps it in sessionStorage, which belongs
 * to this tab only and ends with it: a reload (or the language switch) keeps working, another tab
 * or a later visit needs the link again.
 */

const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

function storageKey(documentId: string): string {
  return `certa.activation.${documentId}`;
}

function stored(documentId: string): string | null {
  try {
    const value = window.sessionStorage.getItem(storageKey(documentId));
    return value !== null && SECRET_PATTERN.test(value) ? value : null;
  } catch {
    // Storage refused (private mode settings): the secret then lives in this page only.
    return null;
  }
}

function store(documentId: string, secret: string): void {
  try {
    window.sessionStorage.setItem(storageKey(documentId), secret);
  } catch {
    // See above.
  }
}

/** Removes the fragment from the address bar and from this history entry. */
function dropFragment(): void {
  if (window.location.href.includes('#'))
    window.history.replaceState(
      window.history.state,
      '',
      window.location.pathname + window.location.search,
    );
}

/**
 * The secret of this document's link: from the fragment (then stored for this tab), else the
 * one this tab stored before. `initial` is the page load; afterwards a fragment that is no
 * secret (the skip link's #main) changes nothing, and undefined is returned.
 */
export function takeLinkSecret(documentId: string, initial: boolean): string | null | undefined {
  const fromFragment = window.location.hash.slice(1);
  const valid = SECRET_PATTERN.test(fromFragment);
  if (!initial && !valid) return undefined;
  dropFragment();
  if (valid) {
    store(documentId, fromFragment);
    return fromFragment;
  }
  return stored(documentId);
}
