import { byId } from './dom';
import { clearErrors, showError } from './errors';
import { loadKeyFigures, renderFigures, setKeyFigures, setNetworkFigures } from './figures';
import { currentFilters, loadFilterOptions, watchFilters } from './filters';
import { initialLang, Lang, LANGS, onLangChange, setLang } from './i18n';
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
  function select(id: string, focus = false): void {
    view.select(id, { focus });
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
  };
  window.__kuntaverkko = hooks;

  const drawNetwork = async () => {
    try {
      const drawn = await view.load(currentFilters());
      hooks.nodeCount = drawn.nodes;
      hooks.edgeCount = drawn.edges;
      setNetworkFigures(drawn);
    } catch (e) {
      setNetworkFigures(null);
      showError(e);
    }
    panel.clear();
  };
  watchFilters(
    () => {
      clearErrors();
      void drawNetwork();
    },
    () => void loadProjects(currentFilters()),
  );

  // The network is what takes time; the figures, menus and list load beside it.
  void loadKeyFigures().then(setKeyFigures, showError);
  void loadFilterOptions().catch(showError);
  void loadProjects(currentFilters());
  await drawNetwork();
  // Drawn, with its click handlers attached: the page is interactive.
  hooks.interactive = true;
  document.body.dataset.interactive = 'true';
  performance.mark('kv-interactive');
}

main().catch((e: unknown) => {
  showError(e);
  byId('graph-empty').hidden = false;
});
