/**
 * The pages' one stylesheet: system fonts, one readable column, high-contrast colours (all text
 * at least 4.5:1), a visible focus ring, and nothing that needs inline styles (the CSP forbids them).
 */
export const STYLE_CSS = `:root {
  --text: #1b1b1f;
  --muted: #4a4a55;
  --background: #ffffff;
  --surface: #f4f5f8;
  --border: #c4c7d0;
  --accent: #0b57d0;
  --accent-dark: #0842a0;
  --ok: #146c2e;
  --ok-surface: #e6f4ea;
  --bad: #b3261e;
  --bad-surface: #fce8e6;
  --wait: #7a4f01;
  --wait-surface: #fff4d6;
  --focus: #0b57d0;
  color-scheme: light;
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
  font-size: 1.0625rem;
  line-height: 1.55;
  color: var(--text);
  background: var(--background);
}
a { color: var(--accent); text-underline-offset: 0.15em; }
a:hover { color: var(--accent-dark); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 2px; }
main:focus { outline: none; }
.skip-link {
  position: absolute;
  left: 0.5rem;
  top: -3rem;
  padding: 0.5rem 0.75rem;
  background: var(--background);
  border: 2px solid var(--accent);
  z-index: 10;
}
.skip-link:focus { top: 0.5rem; }
.visually-hidden {
  position: absolute !important;
  width: 1px; height: 1px;
  margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
}
.site-header { border-bottom: 1px solid var(--border); background: var(--surface); }
.site-header-inner, main, .site-footer {
  max-width: 44rem;
  margin: 0 auto;
  padding-left: 1rem;
  padding-right: 1rem;
}
.site-header-inner {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  justify-content: space-between;
  gap: 0.5rem;
  padding-top: 0.6rem;
  padding-bottom: 0.6rem;
}
.brand {
  display: inline-flex;
  align-items: center;
  gap: 0.5rem;
  font-weight: 700;
  font-size: 1.25rem;
  color: var(--text);
  text-decoration: none;
}
.lang-switch ul { display: flex; gap: 0.75rem; margin: 0; padding: 0; list-style: none; }
.lang-switch a[aria-current="true"] { font-weight: 700; color: var(--text); text-decoration: none; }
main { padding-top: 1.5rem; padding-bottom: 2.5rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 0.75rem; }
h2 { font-size: 1.35rem; line-height: 1.3; margin: 2rem 0 0.75rem; }
h3 { font-size: 1.1rem; margin: 1.25rem 0 0.5rem; }
p { margin: 0 0 0.9rem; }
.lead { font-size: 1.15rem; color: var(--muted); }
.card {
  border: 1px solid var(--border);
  border-radius: 10px;
  padding: 1rem 1.25rem;
  margin: 1rem 0;
  background: var(--background);
}
.card > h2:first-child, .card > h3:first-child { margin-top: 0; }
.facts { display: grid; grid-template-columns: minmax(7rem, max-content) 1fr; gap: 0.35rem 1rem; margin: 0; }
.facts dt { font-weight: 600; color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
@media (max-width: 30rem) {
  .facts { grid-template-columns: 1fr; }
  .facts dd { margin-bottom: 0.4rem; }
}
.badge {
  display: inline-block;
  margin-left: 0.4rem;
  padding: 0.05rem 0.55rem;
  border-radius: 999px;
  font-size: 0.85rem;
  font-weight: 600;
  white-space: nowrap;
  max-width: 100%;
}
/* A long badge ("Identity reviewed by the platform on …") wraps instead of leaving the card. */
@media (max-width: 480px) { .badge { white-space: normal; margin-left: 0; } }
.badge-verified { color: var(--ok); background: var(--ok-surface); border: 1px solid var(--ok); }
.badge-unverified { color: var(--bad); background: var(--bad-surface); border: 1px solid var(--bad); }
.state { font-weight: 600; }
.state-active { color: var(--ok); }
.state-pending { color: var(--wait); }
.state-revoked, .state-expired { color: var(--bad); }
.notice { padding: 0.75rem 1rem; border-radius: 8px; border-left: 5px solid var(--accent); background: var(--surface); margin: 1rem 0; }
.notice:empty { padding: 0; margin: 0; border: 0; }
.notice-error { border-left-color: var(--bad); background: var(--bad-surface); color: var(--bad); }
.notice-ok { border-left-color: var(--ok); background: var(--ok-surface); color: var(--ok); }
.notice-info { border-left-color: var(--accent); }
.terms {
  max-height: 18rem;
  overflow-y: auto;
  padding: 0.75rem 1rem;
  border: 1px solid var(--border);
  border-radius: 8px;
  background: var(--surface);
  font-size: 0.98rem;
}
.terms p:last-child { margin-bottom: 0; }
.accept { display: flex; align-items: flex-start; gap: 0.6rem; margin: 1.25rem 0; }
.accept input { width: 1.35rem; height: 1.35rem; margin: 0.15rem 0 0; flex: none; accent-color: var(--accent); }
.button {
  display: inline-block;
  padding: 0.7rem 1.3rem;
  font: inherit;
  font-weight: 600;
  color: #ffffff;
  background: var(--accent);
  border: 2px solid var(--accent);
  border-radius: 8px;
  cursor: pointer;
  text-decoration: none;
}
.button:hover { background: var(--accent-dark); border-color: var(--accent-dark); color: #ffffff; }
.button:disabled, .button[aria-disabled="true"] { background: #6b6f7a; border-color: #6b6f7a; cursor: not-allowed; }
.button:focus-visible { outline-offset: 3px; }
code, .digest { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.9rem; overflow-wrap: anywhere; }
.digest { display: block; padding: 0.5rem 0.75rem; background: var(--surface); border-radius: 6px; }
.dropzone {
  border: 2px dashed var(--border);
  border-radius: 10px;
  padding: 1.25rem;
  background: var(--surface);
  text-align: center;
}
.dropzone.dragging { border-color: var(--accent); background: #e8f0fe; }
.dropzone label { display: block; font-weight: 600; margin-bottom: 0.5rem; }
.dropzone input[type="file"] { font: inherit; max-width: 100%; }
.dropzone .hint { margin: 0.5rem 0 0; color: var(--muted); }
.privacy { color: var(--muted); font-size: 0.95rem; }
.facts + p, form + .notice, .notice + .privacy { margin-top: 0.9rem; }
.verdict { padding: 1rem 1.25rem; border-radius: 10px; margin: 1rem 0; border: 2px solid; }
.verdict h3 { margin: 0 0 0.35rem; font-size: 1.35rem; }
.verdict p { margin: 0; }
.verdict-valid { color: var(--ok); background: var(--ok-surface); border-color: var(--ok); }
.verdict-invalid { color: var(--bad); background: var(--bad-surface); border-color: var(--bad); }
.checks { list-style: none; padding: 0; margin: 0; }
.check { display: grid; grid-template-columns: 2rem 1fr; gap: 0 0.5rem; padding: 0.6rem 0; border-bottom: 1px solid var(--border); }
.check:last-child { border-bottom: 0; }
.check .mark { grid-row: span 2; font-size: 1.3rem; line-height: 1.3; font-weight: 700; text-align: center; }
.check .name { font-weight: 600; }
.check-passed .mark { color: var(--ok); }
.check-failed .mark { color: var(--bad); }
.check-pending .mark { color: var(--wait); }
.check-unknown .mark { color: var(--muted); }
.home-sections { display: grid; gap: 0.25rem; }
.account-form { margin: 1rem 0; }
.notice > h2:first-child { margin-top: 0; font-size: 1.15rem; }
.field { margin: 0 0 1.1rem; }
.field label { display: block; font-weight: 600; margin-bottom: 0.3rem; }
.field .hint, .fieldset .hint { margin: 0 0 0.4rem; color: var(--muted); font-size: 0.95rem; }
.field input {
  display: block;
  width: 100%;
  max-width: 28rem;
  padding: 0.6rem 0.7rem;
  font: inherit;
  color: var(--text);
  background: var(--background);
  border: 2px solid var(--muted);
  border-radius: 8px;
}
.field input:focus-visible { border-color: var(--focus); }
.field input[aria-invalid="true"] { border-color: var(--bad); }
.fieldset { border: 1px solid var(--border); border-radius: 10px; padding: 0.75rem 1.25rem 0.25rem; margin: 0 0 1.25rem; }
.fieldset legend { font-weight: 600; padding: 0 0.35rem; }
.site-footer { border-top: 1px solid var(--border); padding-top: 1rem; padding-bottom: 2rem; color: var(--muted); font-size: 0.95rem; }
@media (max-width: 30rem) {
  body { font-size: 1rem; }
  h1 { font-size: 1.6rem; }
  .button { width: 100%; text-align: center; }
}
@media (prefers-reduced-motion: no-preference) {
  .dropzone { transition: border-color 0.15s, background-color 0.15s; }
}
.muted { color: var(--muted); }
.issuer-heading { display: flex; align-items: center; gap: 1rem; flex-wrap: wrap; }
.issuer-logo { max-height: 4.5rem; max-width: 12rem; width: auto; height: auto; }
.issuer-profile-link { margin-left: 0.5rem; white-space: nowrap; }
.table-scroll { overflow-x: auto; margin: 0 0 1rem; }
.table-scroll:focus-visible { outline: 3px solid var(--focus); }
.key-history { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
.key-history caption { text-align: left; font-weight: 600; color: var(--muted); padding-bottom: 0.4rem; }
.key-history th, .key-history td { text-align: left; vertical-align: top; padding: 0.45rem 0.6rem; border-bottom: 1px solid var(--border); }
.key-history thead th { color: var(--muted); }
.key-history code { font-size: 0.85rem; }
.key-status-active { color: var(--ok); font-weight: 600; }
.key-status-revoked { color: var(--bad); font-weight: 600; }

/* The recipient's document: logo, actions, share link, LinkedIn, QR code. */
.issuer-logo { margin: 0 0 1rem; }
.issuer-logo img { max-height: 64px; max-width: 240px; height: auto; width: auto; }
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem; }
.button-secondary { background: var(--background); color: var(--accent); }
.button-secondary:hover { background: var(--surface); color: var(--accent-dark); }
.button-linkedin { display: inline-block; text-decoration: none; }
.share { border-top: 1px solid var(--border); margin-top: 1.5rem; padding-top: 0.5rem; }
.share-link label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
.share-link-row { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: stretch; }
.share-link-row input { flex: 1 1 16rem; min-width: 0; font: inherit; padding: 0.5rem; border: 1px solid var(--border); border-radius: 6px; }
.qr-code { display: block; max-width: 100%; height: auto; border: 1px solid var(--border); border-radius: 6px; }
.rights { border-top: 1px solid var(--border); margin-top: 1.5rem; padding-top: 0.5rem; }
.erase { border: 1px solid var(--bad); border-radius: 8px; padding: 0 1rem 1rem; margin-top: 1rem; }
.button-danger { background: var(--bad); border-color: var(--bad); }
.button-danger:hover { background: #8c1d18; border-color: #8c1d18; }
/* Rows of the verification report: where a check ran. */
.check .where { display: block; grid-column: 2; font-size: 0.85rem; color: var(--muted); }
.check .header-sources { grid-column: 2; margin: 0.25rem 0 0; padding-left: 1.1rem; font-size: 0.85rem; color: var(--muted); }
.check .header-sources code { overflow-wrap: anywhere; }
.recipient-facts { margin-top: 1rem; }
`;
