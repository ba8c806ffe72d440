/** Dates in the page's language, in UTC. */
export class PageDates {
  private readonly instant: Intl.DateTimeFormat;
  private readonly day: Intl.DateTimeFormat;

  constructor(locale: string) {
    this.instant = new Intl.DateTimeFormat(locale, {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: 'UTC',
    });
    this.day = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  }

  dateTime(iso: string | null | undefined): string {
    if (iso === null || iso === undefined) return '?';
    const parsed = new Date(iso);
    return Number.isNaN(parsed.getTime()) ? '?' : `${this.instant.format(parsed)} UTC`;
  }

  date(iso: string): string {
    const parsed = new Date(iso);
    return Number.isNaN(parsed.getTime()) ? '?' : this.day.format(parsed);
  }
}
