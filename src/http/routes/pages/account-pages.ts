import { escapeHtml } from '../../../i18n/locale.js';
import { pageHref, renderPage } from './page-layout.js';
import type { PageRequest } from './page-layout.js';
import type { AccountPageData, AccountPageKind } from './page-data.js';

/*
 * The account pages: sign-up, its confirmation from the e-mailed link, password reset (request
 * and completion), invitation acceptance. Rendered on the server; one script (account.js) reads
 * the link's token from the fragment, posts the forms to the API and announces the outcome in an
 * aria-live region. Forms have real labels and work with the keyboard alone.
 */

export type { AccountPageKind };

function text(value: string): string {
  return escapeHtml(value);
}

/** A labelled input; `hint` becomes its description. */
function field(input: {
  id: string;
  label: string;
  type: 'email' | 'password' | 'text';
  autocomplete: string;
  hint?: string;
  required?: boolean;
  extra?: string;
}): string {
  const hintId = `${input.id}-hint`;
  const described = input.hint === undefined ? '' : ` aria-describedby="${hintId}"`;
  return `<div class="field">
<label for="${input.id}" id="${input.id}-label">${text(input.label)}</label>
${input.hint === undefined ? '' : `<p class="hint" id="${hintId}">${text(input.hint)}</p>`}
<input id="${input.id}" name="${input.id}" type="${input.type}" autocomplete="${input.autocomplete}"${input.required === false ? '' : ' required'}${described}${input.extra ?? ''}>
</div>`;
}

/** The two new-password fields with the rules. */
function newPasswordFields(page: PageRequest, label?: string): string {
  const { account } = page.strings;
  return `${field({
    id: 'password',
    label: label ?? account.newPasswordLabel,
    type: 'password',
    autocomplete: 'new-password',
    hint: account.passwordRules,
    extra: ' minlength="12" maxlength="1024"',
  })}
${field({
  id: 'password-confirm',
  label: account.confirmPasswordLabel,
  type: 'password',
  autocomplete: 'new-password',
  extra: ' maxlength="1024"',
})}`;
}

/** The region where the script announces progress and errors. */
function messageRegion(id = 'form-message'): string {
  return `<p id="${id}" class="notice" role="status" aria-live="polite" aria-atomic="true"></p>`;
}

function noscript(page: PageRequest): string {
  return `<noscript><p class="notice notice-error">${text(page.strings.account.noscript)}</p></noscript>`;
}

/** The link to the log-in page (/login, served by the console), keeping a chosen language. */
function logInLink(page: PageRequest): string {
  return `<p class="login-link"><a class="button" id="login-link" href="${text(pageHref(page, '/login'))}">${text(page.strings.account.logInLink)}</a></p>`;
}

/**
 * The "done" panel, hidden until the script has succeeded; it ends with the link to the log-in
 * page, where the account is used next.
 */
function donePanel(page: PageRequest, heading: string, body: string, extra = ''): string {
  return `<section id="done" class="card" aria-labelledby="done-heading" hidden>
<h2 id="done-heading" tabindex="-1">${text(heading)}</h2>
<p>${text(body)}</p>
${extra}
${logInLink(page)}
</section>`;
}

function render(page: PageRequest, title: string, kind: AccountPageKind, main: string): string {
  const data: AccountPageData = {
    page: kind,
    locale: page.locale,
    strings: page.strings.account.script,
  };
  return renderPage(page, { title, main, script: { name: 'account', data } });
}

/** GET /signup — the e-mail form. */
export function renderSignUpPage(page: PageRequest): string {
  const { account } = page.strings;
  const main = `<h1>${text(account.signUp.heading)}</h1>
<p class="lead">${text(account.signUp.intro)}</p>
${noscript(page)}
<form id="account-form" class="account-form" novalidate>
${field({ id: 'email', label: account.emailLabel, type: 'email', autocomplete: 'email', extra: ' maxlength="254"' })}
<button type="submit" class="button" id="submit-button">${text(account.signUp.submit)}</button>
</form>
${messageRegion()}
<p><a href="${text(pageHref(page, '/password-reset'))}">${text(account.signUp.forgotPassword)}</a></p>`;
  return render(page, account.signUp.title, 'sign-up', main);
}

/** GET /signup/confirm#<token> — choose the password; the recovery-key notice comes first. */
export function renderSignUpConfirmPage(page: PageRequest): string {
  const { account } = page.strings;
  const main = `<h1>${text(account.confirm.heading)}</h1>
<p class="lead" id="intro">${text(account.confirm.intro)}</p>
${noscript(page)}
<section class="notice notice-info" id="recovery-notice" aria-labelledby="recovery-heading">
<h2 id="recovery-heading">${text(account.confirm.recoveryHeading)}</h2>
<p>${text(account.confirm.recoveryText)}</p>
<p>${text(account.confirm.recoveryWithout)}</p>
</section>
<form id="account-form" class="account-form" novalidate>
${newPasswordFields(page)}
<button type="submit" class="button" id="submit-button">${text(account.confirm.submit)}</button>
</form>
${messageRegion()}
${donePanel(page, account.confirm.doneHeading, account.confirm.doneText)}`;
  return render(page, account.confirm.title, 'sign-up-confirm', main);
}

/**
 * GET /password-reset — without a fragment, the request form; with `#<token>`, the new password,
 * the optional second factor and an optional organisation recovery key. The server cannot see
 * the fragment: both forms are rendered, the script shows the one that applies.
 */
export function renderPasswordResetPage(page: PageRequest): string {
  const { account } = page.strings;
  const { reset } = account;
  const main = `<h1>${text(reset.heading)}</h1>
${noscript(page)}
<section id="request-section" aria-label="${text(reset.heading)}">
<p class="lead">${text(reset.requestIntro)}</p>
<form id="request-form" class="account-form" novalidate>
${field({ id: 'email', label: account.emailLabel, type: 'email', autocomplete: 'email', extra: ' maxlength="254"' })}
<button type="submit" class="button" id="request-button">${text(reset.requestSubmit)}</button>
</form>
</section>
<section id="choose-section" aria-label="${text(reset.heading)}" hidden>
<p class="lead">${text(reset.chooseIntro)}</p>
<form id="account-form" class="account-form" novalidate>
${newPasswordFields(page)}
${field({ id: 'code', label: reset.codeLabel, type: 'text', autocomplete: 'one-time-code', hint: reset.codeHint, required: false, extra: ' inputmode="text" maxlength="64" spellcheck="false"' })}
<fieldset class="fieldset">
<legend>${text(reset.recoveryLegend)}</legend>
<p class="hint" id="recovery-hint">${text(reset.recoveryText)}</p>
${field({ id: 'organisation-id', label: reset.organisationIdLabel, type: 'text', autocomplete: 'off', required: false, extra: ' maxlength="64" spellcheck="false"' })}
${field({ id: 'recovery-key', label: reset.recoveryKeyLabel, type: 'password', autocomplete: 'off', hint: reset.recoveryKeyHint, required: false, extra: ' maxlength="2000" spellcheck="false"' })}
</fieldset>
<button type="submit" class="button" id="submit-button">${text(reset.submit)}</button>
</form>
</section>
${messageRegion()}
<p id="new-link" hidden><a href="${text(pageHref(page, '/password-reset'))}">${text(reset.newLink)}</a></p>
${donePanel(page, reset.doneHeading, reset.doneText, '<p id="done-keys"></p>')}`;
  return render(page, reset.title, 'password-reset', main);
}

/** GET /invitations/accept#<token> — who invites, as what; the password for a new or existing account. */
export function renderInvitationPage(page: PageRequest): string {
  const { account } = page.strings;
  const { invitation } = account;
  const main = `<h1>${text(invitation.heading)}</h1>
<p class="lead" id="intro">${text(invitation.intro)}</p>
${noscript(page)}
<p id="invitation-summary" class="notice notice-info" hidden></p>
<form id="account-form" class="account-form" novalidate hidden>
<p id="new-account-text" hidden>${text(invitation.newAccountText)}</p>
<div id="new-account-fields" hidden>
${newPasswordFields(page, invitation.newAccountPassword)}
</div>
<div id="existing-account-fields" hidden>
${field({ id: 'current-password', label: invitation.existingAccountPassword, type: 'password', autocomplete: 'current-password', extra: ' maxlength="1024"' })}
</div>
<button type="submit" class="button" id="submit-button">${text(invitation.submit)}</button>
</form>
${messageRegion()}
${donePanel(page, invitation.doneHeading, invitation.doneText, `<p id="key-access-text" hidden>${text(invitation.keyAccessText)}</p>`)}`;
  return render(page, invitation.title, 'invitation', main);
}
