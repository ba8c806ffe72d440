/** Runs `beforeLeave` when a language-switch link is followed (the page reloads in the other language). */
export function onLanguageSwitch(beforeLeave: (link: HTMLAnchorElement) => void): void {
  document.querySelectorAll<HTMLAnchorElement>('.lang-switch a').forEach((link) => {
    link.addEventListener('click', () => beforeLeave(link));
  });
}
