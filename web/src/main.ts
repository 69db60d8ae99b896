import { DashboardCharts } from './charts';
import { byId } from './dom';
import { clearErrors, showError } from './errors';
import { loadKeyFigures, renderFigures, setKeyFigures, setNetworkFigures } from './figures';
import { currentFilters, loadFilterOptions, watchFilters } from './filters';
import { initialLang, Lang, LANGS, onLangChange, setLang } from './i18n';
import { FinlandMapView, MapNetwork } from './map';
import { NetworkView } from './network-view';
import { OrganisationPanel } from './organisation-panel';
import { initProjectsList, loadProjects } from './projects-list';

/** Read-only state for the browser tests and the benchmark; the page itself never reads it. */
interface TestHooks {
  interactive: boolean;
  nodeCount: number;
  edgeCount: number;
  nodeIds(): string[];
  neighbours(id: string): string[];
  nodePosition(id: string): { x: number; y: number } | null;
  labelOf(id: string): string | null;
  /** Municipalities drawn on the map. */
  mapCount: number;
}

declare global {
  interface Window {
    __kuntaverkko?: TestHooks;
  }
}

function initLanguageSwitch(): void {
  const buttons = [...document.querySelectorAll<HTMLButtonElement>('[data-lang]')];
  const mark = (lang: Lang) => {
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  };
  for (const b of buttons) {
    b.addEventListener('click', () => {
      const lang = b.dataset.lang as Lang;
      if (LANGS.includes(lang)) setLang(lang);
    });
  }
  onLangChange(mark);
}

async function main(): Promise<void> {
  initLanguageSwitch();
  setLang(initialLang(), { remember: false });
  renderFigures();
  initProjectsList();

  const panel = new OrganisationPanel((id) => select(id, true));
  const view = new NetworkView((id) => select(id));
  const map = new FinlandMapView((id) => select(id));
  const charts = new DashboardCharts();
  charts.render();
  function select(id: string, focus = false): void {
    view.select(id, { focus });
    map.select(id);
    void panel.show(id);
  }

  const hooks: TestHooks = {
    interactive: false,
    nodeCount: 0,
    edgeCount: 0,
    nodeIds: () => view.nodeIds(),
    neighbours: (id) => view.neighbours(id),
    nodePosition: (id) => view.nodePosition(id),
    labelOf: (id) => view.labelOf(id),
    mapCount: 0,
  };
  window.__kuntaverkko = hooks;

  // The map draws the network view's answer when that was asked without a region, as soon
  // as it arrives (before sigma's drawing); with a region it asks for the whole country.
  void map.loadMunicipalities().then((n) => (hooks.mapCount = n), showError);
  const drawNetworkAndMap = async () => {
    const filters = currentFilters();
    let share: (network: MapNetwork | null) => void = () => undefined;
    const shared = new Promise<MapNetwork | null>((resolve) => (share = resolve));
    const mapDrawn = map.update(filters, filters.region ? null : shared);
    try {
      const data = await view.fetch(filters);
      share(data.network);
      // The map's own small queries are back by now as a rule: drawn first, it does not wait
      // behind sigma's first frame (a long task in software WebGL).
      if (!filters.region) await mapDrawn;
      const drawn = await view.draw(data);
      hooks.nodeCount = drawn.nodes;
      hooks.edgeCount = drawn.edges;
      setNetworkFigures(drawn);
      performance.mark('kv-network-drawn');
    } catch (e) {
      share(null);
      setNetworkFigures(null);
      showError(e);
    }
    panel.clear();
    map.clearSelection();
    await mapDrawn;
  };
  let lastProgramme = currentFilters().programme;
  watchFilters(
    () => {
      clearErrors();
      void drawNetworkAndMap();
      const programme = currentFilters().programme;
      // The dashboard's figures are per programme: topic and region leave the charts as they are.
      if (programme !== lastProgramme) void charts.load(currentFilters());
      lastProgramme = programme;
    },
    () => void loadProjects(currentFilters()),
  );

  // The network is what takes time; the figures, menus, map, charts and list load beside it.
  void loadKeyFigures().then(setKeyFigures, showError);
  const options = loadFilterOptions().catch(showError);
  void loadProjects(currentFilters());
  // The charts name topics and regions from the filter menus: drawn once both are there.
  const chartsDrawn = Promise.all([charts.load(currentFilters()), options]).then(() => {
    charts.render();
    performance.mark('kv-charts-drawn');
  });
  await Promise.all([drawNetworkAndMap(), chartsDrawn]);
  // Drawn (network, map and charts), with click handlers attached: the page is interactive.
  hooks.interactive = true;
  document.body.dataset.interactive = 'true';
  performance.mark('kv-interactive');
  // After the next frame (sigma draws in it): everything is on screen.
  requestAnimationFrame(() => setTimeout(() => performance.mark('kv-painted'), 0));
}

main().catch((e: unknown) => {
  showError(e);
  byId('graph-empty').hidden = false;
});
