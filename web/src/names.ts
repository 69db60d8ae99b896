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
  titleSv: string | null;
  titleEn?: string | null;
}

/** Some projects are known only by their lead and amount. */
const UNKNOWN_TITLE = { fi: '(nimi ei tiedossa)', sv: '(titel okänd)', en: '(title unknown)' };

/** Project titles are often published in Swedish only; that one is shown when no other is known. */
export function titleOf(p: Titled): string {
  const lang = currentLang();
  const title =
    lang === 'sv'
      ? (p.titleSv ?? p.titleFi ?? p.titleEn)
      : lang === 'en'
        ? (p.titleEn ?? p.titleFi ?? p.titleSv)
        : (p.titleFi ?? p.titleSv ?? p.titleEn);
  return title ?? UNKNOWN_TITLE[lang];
}
