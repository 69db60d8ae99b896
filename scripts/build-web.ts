/**
 * Bundles the web page (web/) into dist/web/ with esbuild: one minified script and one
 * stylesheet, named by a hash of their content so they can be cached forever, and an
 * index.html that links them (no inline script or style, so a strict
 * Content-Security-Policy holds). Run by `npm run build`; `node dist/scripts/build-web.js`.
 *
 * The map's data is made here too (scripts/web-map.ts): the page imports it as the module
 * `virtual:finland-map`, already simplified and projected.
 */
import { build, Plugin } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { projectRoot } from '../src/config/paths';
import { buildFinlandMap, FinlandMap } from './web-map';

/** Serves `import map from 'virtual:finland-map'` from what buildFinlandMap made. */
function finlandMapPlugin(map: FinlandMap): Plugin {
  return {
    name: 'finland-map',
    setup(b) {
      b.onResolve({ filter: /^virtual:finland-map$/ }, (args) => ({
        path: args.path,
        namespace: 'finland-map',
      }));
      b.onLoad({ filter: /.*/, namespace: 'finland-map' }, () => ({
        contents: JSON.stringify(map),
        loader: 'json',
      }));
    },
  };
}

async function main(): Promise<void> {
  const root = projectRoot();
  const out = join(root, 'dist', 'web');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'assets'), { recursive: true });
  const started = Date.now();
  const map = await buildFinlandMap(root);
  const result = await build({
    entryPoints: {
      app: join(root, 'web', 'src', 'main.ts'),
      style: join(root, 'web', 'style.css'),
    },
    bundle: true,
    minify: true,
    sourcemap: 'linked',
    format: 'esm',
    target: ['es2022'],
    platform: 'browser',
    outdir: join(out, 'assets'),
    entryNames: '[name]-[hash]',
    metafile: true,
    legalComments: 'linked',
    logLevel: 'warning',
    plugins: [finlandMapPlugin(map)],
  });
  const outputs = Object.keys(result.metafile.outputs);
  const find = (ext: string) => {
    const file = outputs.find((o) => o.endsWith(ext) && !o.endsWith('.map'));
    if (!file) throw new Error(`esbuild wrote no ${ext} file`);
    return `assets/${basename(file)}`;
  };
  const html = readFileSync(join(root, 'web', 'index.html'), 'utf8')
    .replace('%APP_JS%', find('.js'))
    .replace('%APP_CSS%', find('.css'));
  if (html.includes('%APP_')) throw new Error('web/index.html has an unknown placeholder');
  writeFileSync(join(out, 'index.html'), html);
  const bytes = outputs
    .filter((o) => !o.endsWith('.map'))
    .reduce((sum, o) => sum + result.metafile.outputs[o].bytes, 0);
  console.log(
    `web page: dist/web/ (${Math.round(bytes / 1024)} KiB) in ${Date.now() - started} ms; ` +
      `map outline ${map.points.kept} of ${map.points.source} points, ${Object.keys(map.centres).length} centres`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
