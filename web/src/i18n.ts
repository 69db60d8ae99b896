/** Every UI label in Finnish, Swedish and English; the type makes a missing translation a compile error. */
export type Lang = 'fi' | 'sv' | 'en';
export const LANGS: readonly Lang[] = ['fi', 'sv', 'en'];

const MESSAGES = {
  title: {
    fi: 'Kuntien yhteistyöverkosto',
    sv: 'Kommunernas samarbetsnätverk',
    en: 'Collaboration network of municipalities',
  },
  subtitle: {
    fi: 'Kuntien yhteiset digitalisaatiohankkeet, niiden kumppanit ja yhteydet',
    sv: 'Kommunernas gemensamma digitaliseringsprojekt, deras partner och förbindelser',
    en: 'Joint digitalisation projects of municipalities, their partners and links',
  },
  language: { fi: 'Kieli', sv: 'Språk', en: 'Language' },
  figuresHeading: { fi: 'Tunnusluvut', sv: 'Nyckeltal', en: 'Key figures' },
  figProgrammes: { fi: 'Rahoitusohjelmat', sv: 'Finansieringsprogram', en: 'Funding programmes' },
  figApplications: { fi: 'Hakemuksia', sv: 'Ansökningar', en: 'Applications' },
  figProjects: { fi: 'Hankkeet', sv: 'Projekt', en: 'Projects' },
  figMunicipalities: { fi: 'Kunnat', sv: 'Kommuner', en: 'Municipalities' },
  figJointAuthorities: { fi: 'Kuntayhtymät', sv: 'Samkommuner', en: 'Joint authorities' },
  figParticipating: {
    fi: 'Hankkeisiin osallistuvat kunnat',
    sv: 'Kommuner som deltar i projekt',
    en: 'Municipalities taking part',
  },
  figGrantsKnown: {
    fi: 'Tiedossa olevat avustukset, €',
    sv: 'Kända understöd, €',
    en: 'Known grants, EUR',
  },
  figGrantsUnknown: {
    fi: 'Hankkeet, joiden avustus ei ole tiedossa',
    sv: 'Projekt med okänt understöd',
    en: 'Projects with an unknown grant',
  },
  figNodes: {
    fi: 'Organisaatiot verkostossa',
    sv: 'Organisationer i nätverket',
    en: 'Organisations in the network',
  },
  figEdges: { fi: 'Yhteydet', sv: 'Förbindelser', en: 'Links' },
  figComponents: { fi: 'Erilliset ryhmät', sv: 'Separata grupper', en: 'Separate groups' },
  notKnown: { fi: 'ei tiedossa', sv: 'inte känt', en: 'not known' },
  filtersHeading: { fi: 'Rajaa', sv: 'Avgränsa', en: 'Filter' },
  programme: { fi: 'Ohjelma', sv: 'Program', en: 'Programme' },
  topic: { fi: 'Aihe', sv: 'Tema', en: 'Topic' },
  region: { fi: 'Maakunta (verkosto)', sv: 'Landskap (nätverket)', en: 'Region (network)' },
  status: { fi: 'Tila (hankkeet)', sv: 'Status (projekt)', en: 'Status (projects)' },
  search: { fi: 'Hae hankkeista', sv: 'Sök bland projekten', en: 'Search projects' },
  searchPlaceholder: {
    fi: 'esim. asiakaspalvelu',
    sv: 't.ex. kundtjänst',
    en: 'e.g. customer service',
  },
  any: { fi: 'Kaikki', sv: 'Alla', en: 'All' },
  networkHeading: {
    fi: 'Yhteistyöverkosto',
    sv: 'Samarbetsnätverket',
    en: 'Collaboration network',
  },
  networkHint: {
    fi: 'Napsauta kuntaa verkostossa tai valitse se listasta. Vieritä zoomataksesi.',
    sv: 'Klicka på en kommun i nätverket eller välj den i listan. Skrolla för att zooma.',
    en: 'Click a municipality in the network or choose it from the list. Scroll to zoom.',
  },
  networkSummary: {
    fi: '{nodes} organisaatiota ja {edges} yhteyttä',
    sv: '{nodes} organisationer och {edges} förbindelser',
    en: '{nodes} organisations and {edges} links',
  },
  networkEmpty: {
    fi: 'Valinnalla ei ole verkostoa.',
    sv: 'Urvalet har inget nätverk.',
    en: 'There is no network for this selection.',
  },
  chooseOrganisation: {
    fi: 'Valitse organisaatio',
    sv: 'Välj organisation',
    en: 'Choose an organisation',
  },
  legendMunicipality: { fi: 'Kunta', sv: 'Kommun', en: 'Municipality' },
  legendJointAuthority: { fi: 'Kuntayhtymä', sv: 'Samkommun', en: 'Joint authority' },
  panelEmpty: {
    fi: 'Valitse kunta nähdäksesi sen hankkeet, kumppanit ja suositukset.',
    sv: 'Välj en kommun för att se dess projekt, partner och rekommendationer.',
    en: 'Choose a municipality to see its projects, partners and recommendations.',
  },
  close: { fi: 'Sulje', sv: 'Stäng', en: 'Close' },
  orgProjects: { fi: 'Hankkeet', sv: 'Projekt', en: 'Projects' },
  partners: { fi: 'Kumppanit', sv: 'Partner', en: 'Partners' },
  partnersOfPartners: {
    fi: 'Kumppanien kumppanit',
    sv: 'Partners partner',
    en: 'Partners of partners',
  },
  recommendations: {
    fi: 'Suositellut kumppanit',
    sv: 'Rekommenderade partner',
    en: 'Recommended partners',
  },
  none: { fi: 'Ei yhtään', sv: 'Inga', en: 'None' },
  showingOf: {
    fi: 'näytetään {shown}/{total}',
    sv: 'visar {shown} av {total}',
    en: 'showing {shown} of {total}',
  },
  sameRegion: { fi: 'sama maakunta', sv: 'samma landskap', en: 'same region' },
  sameLanguage: { fi: 'sama kielisuhde', sv: 'samma språkstatus', en: 'same language status' },
  sharedTopics: { fi: 'yhteiset aiheet', sv: 'gemensamma teman', en: 'shared topics' },
  linksAway: { fi: '{n} linkin päässä', sv: '{n} länkar bort', en: '{n} links away' },
  score: { fi: 'pisteet', sv: 'poäng', en: 'score' },
  projectsHeading: { fi: 'Hankkeet', sv: 'Projekt', en: 'Projects' },
  projectCount: { fi: '{n} hanketta', sv: '{n} projekt', en: '{n} projects' },
  loadMore: { fi: 'Näytä lisää', sv: 'Visa fler', en: 'Show more' },
  lead: { fi: 'Vetäjä', sv: 'Huvudansvarig', en: 'Lead' },
  grant: { fi: 'Avustus', sv: 'Understöd', en: 'Grant' },
  atMost: { fi: 'enintään', sv: 'högst', en: 'at most' },
  participantsPartial: {
    fi: 'osallistujat tiedossa vain osin',
    sv: 'deltagarna är bara delvis kända',
    en: 'participants only partly known',
  },
  noProjects: { fi: 'Ei hankkeita.', sv: 'Inga projekt.', en: 'No projects.' },
  loading: { fi: 'Ladataan…', sv: 'Laddar…', en: 'Loading…' },
  error: { fi: 'Virhe', sv: 'Fel', en: 'Error' },
  dismiss: { fi: 'Piilota', sv: 'Dölj', en: 'Dismiss' },
  roleLEAD: { fi: 'vetäjä', sv: 'huvudansvarig', en: 'lead' },
  rolePARTNER: { fi: 'kumppani', sv: 'partner', en: 'partner' },
  statusACTIVE: { fi: 'Käynnissä', sv: 'Pågår', en: 'Active' },
  statusCOMPLETED: { fi: 'Valmis', sv: 'Avslutat', en: 'Completed' },
  statusGRANTED: { fi: 'Avustus myönnetty', sv: 'Understöd beviljat', en: 'Grant decided' },
  statusWITHDRAWN: { fi: 'Peruttu', sv: 'Återkallat', en: 'Withdrawn' },
  kindMUNICIPALITY: { fi: 'Kunta', sv: 'Kommun', en: 'Municipality' },
  kindJOINT_AUTHORITY: { fi: 'Kuntayhtymä', sv: 'Samkommun', en: 'Joint authority' },
  footer: {
    fi: 'Tiedot luetaan julkisesta GraphQL-rajapinnasta osoitteessa /graphql.',
    sv: 'Uppgifterna läses från det öppna GraphQL-gränssnittet på /graphql.',
    en: 'The data is read from the public GraphQL API at /graphql.',
  },
} satisfies Record<string, Record<Lang, string>>;

export type MessageKey = keyof typeof MESSAGES;

const STORAGE_KEY = 'kuntaverkko.lang';
let lang: Lang = 'fi';
const listeners: ((lang: Lang) => void)[] = [];

const isLang = (value: string | null | undefined): value is Lang => LANGS.includes(value as Lang);

/** `?lang=` first, then the last choice (localStorage), then the browser's language, then Finnish. */
export function initialLang(): Lang {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (isLang(fromUrl)) return fromUrl;
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLang(stored)) return stored;
  } catch {
    // storage may be disabled; the choice then lasts for this page only
  }
  const browser = navigator.language.slice(0, 2);
  return isLang(browser) ? browser : 'fi';
}

export const currentLang = (): Lang => lang;

export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  return MESSAGES[key][lang].replace(/\{(\w+)\}/g, (_, name: string) =>
    String(vars[name] ?? `{${name}}`),
  );
}

/** Looks up a key built from data (a status or a role); the raw value when there is none. */
export function tEnum(prefix: 'status' | 'role' | 'kind', value: string): string {
  const key = `${prefix}${value}`;
  return key in MESSAGES ? t(key as MessageKey) : value;
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(`${lang}-FI`).format(n);
}

/** Relabels the static page (data-i18n, data-i18n-placeholder, data-i18n-label). */
export function applyStaticLabels(root: ParentNode = document): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]'))
    el.textContent = t(el.dataset.i18n as MessageKey);
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-placeholder]'))
    el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder as MessageKey));
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-label]'))
    el.setAttribute('aria-label', t(el.dataset.i18nLabel as MessageKey));
}

/** Switches the language without a reload; the choice is kept in localStorage and ?lang=. */
export function setLang(next: Lang, options: { remember?: boolean } = {}): void {
  lang = next;
  document.documentElement.lang = next;
  document.title = t('title');
  applyStaticLabels();
  if (options.remember !== false) {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // see initialLang
    }
    const url = new URL(location.href);
    url.searchParams.set('lang', next);
    history.replaceState(history.state, '', url);
  }
  for (const listener of listeners) listener(next);
}

export function onLangChange(listener: (lang: Lang) => void): void {
  listeners.push(listener);
}
