/**
 * Bundles the web page (web/) into dist/web/ with esbuild: one minified script and one
 * stylesheet, named by a hash of their content so they can be cached forever, and an
 * index.html that links them (no inline script or style, so a strict
 * Content-Security-Policy holds). Run by `npm run build`; `node dist/scripts/build-web.js`.
 *
 * The map's data is made here too (scripts/web-map.ts): the page imports it as the module
 * `virtual:finland-map`, already simplified and projected.
 */
import { build, type Plugin } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { basename, join } from 'node:path';
import { projectRoot } from '../src/config/paths';
import { readmeExamples } from './readme-examples';
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

/**
 * Writes `X.br` and `X.gz` beside every script and stylesheet, at the best levels (too slow
 * per request); the server sends them to browsers that accept them (precompressed-assets.ts).
 * Returns the compressed bytes of each encoding.
 */
function precompress(outputs: string[]): { br: number; gzip: number } {
  const sizes = { br: 0, gzip: 0 };
  for (const file of outputs.filter((o) => /\.(js|css)$/.test(o))) {
    // esbuild's metafile paths are relative to the working directory.
    const body = readFileSync(file);
    const gz = gzipSync(body, { level: constants.Z_BEST_COMPRESSION });
    const br = brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    });
    writeFileSync(`${file}.gz`, gz);
    writeFileSync(`${file}.br`, br);
    sizes.gzip += gz.length;
    sizes.br += br.length;
  }
  return sizes;
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
    // The network's renderer (web/src/network-renderer.ts) is a chunk of its own.
    splitting: true,
    chunkNames: '[name]-[hash]',
    metafile: true,
    legalComments: 'linked',
    logLevel: 'warning',
    plugins: [finlandMapPlugin(map)],
  });
  const outputs = Object.keys(result.metafile.outputs);
  const entry = (name: string) => {
    const file = outputs.find((o) => basename(o).startsWith(`${name}-`) && !o.endsWith('.map'));
    if (!file) throw new Error(`esbuild wrote no ${name} file`);
    return `assets/${basename(file)}`;
  };
  // The chunks the script imports later, asked for beside it rather than after it has run.
  const chunks = outputs
    .filter((o) => o.endsWith('.js') && `assets/${basename(o)}` !== entry('app'))
    .map((o) => `<link rel="modulepreload" href="assets/${basename(o)}" />`);
  const html = readFileSync(join(root, 'web', 'index.html'), 'utf8')
    .replace('%APP_JS%', entry('app'))
    .replace('%APP_CSS%', entry('style'))
    .replace('%APP_CHUNKS%', chunks.join('\n    '));
  if (html.includes('%APP_')) throw new Error('web/index.html has an unknown placeholder');
  writeFileSync(join(out, 'index.html'), html);
  const files = outputs.filter((o) => !o.endsWith('.map'));
  const bytes = files.reduce((sum, o) => sum + result.metafile.outputs[o].bytes, 0);
  const brotli = precompress(files).br;
  console.log(
    `web page: dist/web/ (${Math.round(bytes / 1024)} KiB, ${Math.round(brotli / 1024)} KiB as brotli) in ${Date.now() - started} ms; ` +
      `map outline ${map.points.kept} of ${map.points.source} points, ${Object.keys(map.centres).length} centres`,
  );
  await buildExplorer(root, out);
}

/**
 * GraphiQL's stylesheet carries its fonts (Roboto, Fira Code) as data: URLs, three quarters
 * of its bytes; the explorer uses the system's sans-serif and monospace fonts instead.
 */
const withoutWebFonts: Plugin = {
  name: 'without-web-fonts',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]graphiql[\\/].*\.css$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replace(/@font-face\s*\{[^}]*\}/g, ''),
      loader: 'css',
    }));
  },
};

/**
 * The API explorer (GraphiQL) served at GET /graphql to browsers: its own script and
 * stylesheet in dist/web/assets/, and dist/explorer.html (outside the static folder, so
 * only the /graphql route serves it), with the README's example queries built in.
 */
async function buildExplorer(root: string, out: string): Promise<void> {
  const started = Date.now();
  const examples = readmeExamples(readFileSync(join(root, 'README.md'), 'utf8'));
  const result = await build({
    entryPoints: { explorer: join(root, 'web', 'src', 'explorer', 'main.ts') },
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
    plugins: [withoutWebFonts],
    define: {
      __README_EXAMPLES__: JSON.stringify(examples),
      'process.env.NODE_ENV': '"production"',
    },
  });
  const outputs = Object.keys(result.metafile.outputs).filter((o) => !o.endsWith('.map'));
  const find = (ext: string) => {
    const file = outputs.find((o) => o.endsWith(ext));
    if (!file) throw new Error(`esbuild wrote no explorer ${ext} file`);
    return `/assets/${basename(file)}`;
  };
  const html = readFileSync(join(root, 'web', 'src', 'explorer', 'explorer.html'), 'utf8')
    .replace('%EXPLORER_JS%', find('.js'))
    .replace('%EXPLORER_CSS%', find('.css'));
  if (html.includes('%EXPLORER_')) throw new Error('explorer.html has an unknown placeholder');
  writeFileSync(join(root, 'dist', 'explorer.html'), html);
  const gzipped = precompress(outputs);
  const bytes = outputs.reduce((sum, o) => sum + result.metafile.outputs[o].bytes, 0);
  console.log(
    `explorer: ${examples.length} README examples, ${Math.round(bytes / 1024)} KiB ` +
      `(${Math.round(gzipped.gzip / 1024)} KiB gzipped, ${Math.round(gzipped.br / 1024)} KiB as brotli) in ${Date.now() - started} ms`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
