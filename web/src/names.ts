import { currentLang } from './i18n';

export interface Named {
  nameFi: string;
  nameSv?: string | null;
  nameEn?: string | null;
}

/** The name in the chosen language where the data has one, else the Finnish (unknown stays unknown). */
export function nameOf(x: Named): string {
  const lang = currentLang();
  if (lang === 'sv') return x.nameSv ?? x.nameFi;
  if (lang === 'en') return x.nameEn ?? x.nameFi;
  return x.nameFi;
}

export interface Titled {
  titleFi?: string | null;
  titleSv: string;
  titleEn?: string | null;
}

/** Project titles are often published in Swedish only; that one is shown when no other is known. */
export function titleOf(p: Titled): string {
  const lang = currentLang();
  if (lang === 'sv') return p.titleSv;
  if (lang === 'en') return p.titleEn ?? p.titleFi ?? p.titleSv;
  return p.titleFi ?? p.titleSv;
}
