/**
 * The API explorer served at GET /graphql to browsers: GraphiQL from npm, bundled at build
 * time (no CDN), with the README's example queries as its first tabs. Queries go to the
 * same origin as JSON POSTs; subscriptions over graphql-ws on the same path.
 */
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import './explorer.css';

/** Put in by esbuild from README.md (scripts/readme-examples.ts). */
declare const __README_EXAMPLES__: { title: string; name: string; query: string }[];

const url = `${location.origin}/graphql`;
const fetcher = createGraphiQLFetcher({
  url,
  subscriptionUrl: url.replace(/^http/, 'ws'),
});

// Anonymous examples get their name, so each tab is titled.
const tabs = __README_EXAMPLES__.map((e) => ({
  query: `# ${e.title}\n${e.query.startsWith('{') ? `query ${e.name} ` : ''}${e.query}\n`,
}));

createRoot(document.getElementById('explorer')!).render(
  createElement(GraphiQL, {
    fetcher,
    defaultTabs: tabs,
    defaultEditorToolsVisibility: false,
  }),
);
