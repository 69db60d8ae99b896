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
  chooseMunicipality: { fi: 'Valitse kunta', sv: 'Välj kommun', en: 'Choose a municipality' },
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
  mapHeading: { fi: 'Kartta', sv: 'Karta', en: 'Map' },
  mapHint: {
    fi: 'Jokainen kunta hallintokeskuksensa kohdalla, koko väkiluvun mukaan (31.12.2019). Väri seuraa ohjelma- ja aiherajausta. Napsauta kuntaa.',
    sv: 'Varje kommun vid sin centralort, storleken efter folkmängden (31.12.2019). Färgen följer avgränsningen på program och tema. Klicka på en kommun.',
    en: 'Every municipality at its administrative centre, sized by population (31.12.2019). The colour follows the programme and topic filter. Click a municipality.',
  },
  mapLabel: {
    fi: 'Suomen kartta: kunnat hallintokeskustensa kohdalla',
    sv: 'Finlands karta: kommunerna vid sina centralorter',
    en: 'Map of Finland: municipalities at their administrative centres',
  },
  mapLinks: {
    fi: 'Näytä kumppanien väliset yhteydet',
    sv: 'Visa förbindelserna mellan partner',
    en: 'Show the links between partners',
  },
  mapLinksNote: {
    fi: '{n} yhteyttä kuntien välillä (kuntayhtymillä ei ole paikkaa kartalla)',
    sv: '{n} förbindelser mellan kommuner (samkommuner har ingen plats på kartan)',
    en: '{n} links between municipalities (joint authorities have no place on the map)',
  },
  stateReached: { fi: 'Osallistuu', sv: 'Deltar', en: 'Taking part' },
  stateNotReached: { fi: 'Ei tavoitettu', sv: 'Inte nådd', en: 'Not reached' },
  stateNotRecorded: {
    fi: 'Ei kirjattu osallistujaksi',
    sv: 'Inte registrerad som deltagare',
    en: 'Not recorded as taking part',
  },
  stateUnknown: {
    fi: 'Ei tiedossa (osallistujaluettelot osin puutteelliset)',
    sv: 'Inte känt (deltagarlistorna är delvis ofullständiga)',
    en: 'Not known (participant lists partly incomplete)',
  },
  sizeLegend: { fi: 'Asukkaita', sv: 'Invånare', en: 'Inhabitants' },
  populationNotKnown: {
    fi: 'väkiluku ei tiedossa',
    sv: 'folkmängden inte känd',
    en: 'population not known',
  },
  inhabitants: { fi: '{n} asukasta', sv: '{n} invånare', en: '{n} inhabitants' },
  mapAttribution: {
    fi: 'Hallintokeskukset: sisältää Maanmittauslaitoksen Maastotietokannan 04/2023 aineistoa (CC BY 4.0). Ääriviiva: Tilastokeskus, kuntarajat 1:4 500 000 (CC BY 4.0). Koonnut rOpenGov/geofi (BSD-2).',
    sv: 'Centralorter: innehåller data från Lantmäteriverkets terrängdatabas 04/2023 (CC BY 4.0). Kontur: Statistikcentralen, kommungränser 1:4 500 000 (CC BY 4.0). Sammanställt av rOpenGov/geofi (BSD-2).',
    en: 'Centres: contains data from the National Land Survey of Finland Topographic Database 04/2023 (CC BY 4.0). Outline: Source: Statistics Finland, municipal borders 1:4,500,000 (CC BY 4.0). Compiled by rOpenGov/geofi (BSD-2).',
  },
  chartsHeading: { fi: 'Kaaviot', sv: 'Diagram', en: 'Charts' },
  chartsHint: {
    fi: 'Luvut rahoitusohjelman mukaan (aiherajaus ei koske kaavioita).',
    sv: 'Siffrorna enligt finansieringsprogrammet (temaavgränsningen gäller inte diagrammen).',
    en: 'Figures by funding programme (the topic filter does not apply to the charts).',
  },
  table: { fi: 'Taulukko', sv: 'Tabell', en: 'Table' },
  chartByTopic: { fi: 'Hankkeet aiheittain', sv: 'Projekt per tema', en: 'Projects by topic' },
  chartByRegion: {
    fi: 'Hankkeet maakunnittain',
    sv: 'Projekt per landskap',
    en: 'Projects by region',
  },
  chartByRegionNote: {
    fi: 'Hanke lasketaan kerran kunkin osallistujansa maakunnassa. {n} hankkeen osallistujat tiedetään vain osin: niistä lasketaan vain tiedossa olevat.',
    sv: 'Ett projekt räknas en gång i varje landskap där det har deltagare. För {n} projekt är deltagarna bara delvis kända: bara de kända räknas.',
    en: 'A project counts once in each region of its participants. {n} projects have only partly known participants: only those known are counted.',
  },
  chartParticipants: {
    fi: 'Osallistujia hanketta kohden',
    sv: 'Deltagare per projekt',
    en: 'Participants per project',
  },
  chartParticipantsNote: {
    fi: 'Puutteellisten luetteloiden hankkeet niiden tähän asti kirjattujen osallistujien mukaan (alaraja).',
    sv: 'Projekt med ofullständiga listor efter de deltagare som registrerats hittills (en nedre gräns).',
    en: 'Projects with incomplete lists by the participants recorded so far (a lower bound).',
  },
  participantsCount: { fi: 'Osallistujia', sv: 'Deltagare', en: 'Participants' },
  seriesProjects: { fi: 'Hankkeita', sv: 'Projekt', en: 'Projects' },
  seriesComplete: {
    fi: 'Luettelo täydellinen',
    sv: 'Fullständig lista',
    en: 'Complete list',
  },
  seriesIncomplete: {
    fi: 'Luettelo puutteellinen',
    sv: 'Ofullständig lista',
    en: 'Incomplete list',
  },
  chartCoverage: {
    fi: 'Yhteistyön kattavuus',
    sv: 'Samarbetets täckning',
    en: 'Cooperation coverage',
  },
  chartCoverageNote: {
    fi: 'Saman ohjelman samankaltaiset hankeparit (samankaltaisuus vähintään {threshold}), joilla on voimassa oleva tai täytetty yhteistyösitoumus.',
    sv: 'Liknande projektpar i samma program (likhet minst {threshold}) med ett gällande eller uppfyllt samarbetsåtagande.',
    en: 'Similar pairs of projects of the same programme (similarity at least {threshold}) with an active or fulfilled cooperation commitment.',
  },
  coverageNotComputed: {
    fi: 'Ei laskettu: ohjelma on liian suuri parien pisteyttämiseen yhdessä pyynnössä.',
    sv: 'Inte beräknat: programmet är för stort för att poängsätta paren i en begäran.',
    en: 'Not computed: a programme is too large to score its pairs within one request.',
  },
  seriesCommitted: { fi: 'Sitoumus', sv: 'Åtagande', en: 'Committed' },
  seriesUncommitted: { fi: 'Ei sitoumusta', sv: 'Inget åtagande', en: 'Not committed' },
  similarPairs: { fi: 'Samankaltaiset parit', sv: 'Liknande par', en: 'Similar pairs' },
  coverageShare: { fi: 'Kattavuus', sv: 'Täckning', en: 'Coverage' },
  chartEquity: {
    fi: 'Tasapuolisuus: tavoitetut kunnat',
    sv: 'Jämlikhet: nådda kommuner',
    en: 'Equity: municipalities reached',
  },
  chartEquityNote: {
    fi: 'Kaikkien ohjelman hankkeiden osallistujat eivät ole tiedossa: "ei tavoitettu" tarkoittaa "ei kirjattu tavoitetuksi".',
    sv: 'Deltagarna i programmets alla projekt är inte kända: "inte nådd" betyder "inte registrerad som nådd".',
    en: 'Not every project’s participants are known: "not reached" means "not recorded as reached".',
  },
  equityTotal: {
    fi: '{reached}/{municipalities} kuntaa tavoitettu; niissä {share} väestöstä.',
    sv: '{reached} av {municipalities} kommuner nådda; där bor {share} av befolkningen.',
    en: '{reached} of {municipalities} municipalities reached; {share} of the population lives there.',
  },
  equityByRegion: { fi: 'Maakunnittain', sv: 'Per landskap', en: 'By region' },
  equityByLanguage: {
    fi: 'Kielisuhteen mukaan',
    sv: 'Efter språkstatus',
    en: 'By language status',
  },
  equityByPopulation: {
    fi: 'Väkiluvun mukaan (31.12.2019)',
    sv: 'Efter folkmängd (31.12.2019)',
    en: 'By population (31.12.2019)',
  },
  populationCovered: {
    fi: 'Väestöstä tavoitettu',
    sv: 'Andel av befolkningen nådd',
    en: 'Population reached',
  },
  withoutTopic: { fi: 'Ei aihetta', sv: 'Inget tema', en: 'No topic' },
  unknownKey: { fi: 'Ei tiedossa', sv: 'Inte känt', en: 'Not known' },
  languageFINNISH: { fi: 'Suomenkielinen', sv: 'Finskspråkig', en: 'Finnish' },
  languageSWEDISH: { fi: 'Ruotsinkielinen', sv: 'Svenskspråkig', en: 'Swedish' },
  languageBILINGUAL_FINNISH_MAJORITY: {
    fi: 'Kaksikielinen, suomi enemmistönä',
    sv: 'Tvåspråkig, finsk majoritet',
    en: 'Bilingual, Finnish majority',
  },
  languageBILINGUAL_SWEDISH_MAJORITY: {
    fi: 'Kaksikielinen, ruotsi enemmistönä',
    sv: 'Tvåspråkig, svensk majoritet',
    en: 'Bilingual, Swedish majority',
  },
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
export function tEnum(prefix: 'status' | 'role' | 'kind' | 'language', value: string): string {
  const key = `${prefix}${value}`;
  return key in MESSAGES ? t(key as MessageKey) : value;
}

// One formatter per language: building one costs far more than formatting (the map formats
// hundreds of numbers at a time).
const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(kind: 'number' | 'percent'): Intl.NumberFormat {
  const key = `${lang}:${kind}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(
      `${lang}-FI`,
      kind === 'percent' ? { style: 'percent', maximumFractionDigits: 1 } : {},
    );
    numberFormats.set(key, format);
  }
  return format;
}

export function formatNumber(n: number): string {
  return numberFormat('number').format(n);
}

/** A share 0–1 as a percentage with one decimal, e.g. "42,5 %". */
export function formatPercent(share: number): string {
  return numberFormat('percent').format(share);
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
