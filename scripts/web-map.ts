/**
 * The map of Finland for the web page, made at build time from data/: the outline
 * simplified with topojson (1.5 MB of GeoJSON would be most of the page) and projected with
 * d3-geo, and every municipality's administrative centre projected the same way. The page
 * gets plain numbers and one SVG path: it carries no geographic library.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import { topology } from 'topojson-server';
import { filter, filterWeight, presimplify, quantile, simplify } from 'topojson-simplify';
import type { GeometryCollection, Topology } from 'topojson-specification';

/** What `virtual:finland-map` exports to the page (web/src/finland-map.d.ts). */
export interface FinlandMap {
  /** The SVG viewBox is `0 0 width height`, in map units. */
  width: number;
  height: number;
  /** The simplified outline as one SVG path. */
  outline: string;
  /** Municipality code → projected centre [x, y] in map units. */
  centres: Record<string, [number, number]>;
  /** The region codes of those municipalities (municipalities-2020.csv), to ask the API by region. */
  regions: string[];
  /** Points of the outline before and after simplification, for the build log and docs. */
  points: { source: number; kept: number };
}

/** Keep the points of the 3 % largest effective areas; islands smaller than that go too. */
const KEEP_QUANTILE = 0.03;
/** Map height in units; x follows from the projection. One decimal is plenty at this scale. */
const HEIGHT = 1000;

// A real dynamic import: d3-geo is ESM only and TypeScript would turn `import()` into `require()`.
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- the point is to escape the compiler
const importEsm = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<unknown>;

const countPositions = (geometry: Polygon | MultiPolygon): number =>
  (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates)
    .flat()
    .reduce((n, ring) => n + ring.length, 0);

export async function buildFinlandMap(root: string): Promise<FinlandMap> {
  const d3 = (await importEsm('d3-geo')) as typeof import('d3-geo');
  const source = JSON.parse(
    readFileSync(join(root, 'data', 'finland-outline.geojson'), 'utf8'),
  ) as FeatureCollection<MultiPolygon>;
  const finland = source.features[0];

  const topo = presimplify(
    topology({ finland: source }) as unknown as Topology<{ finland: GeometryCollection }>,
  );
  const minWeight = quantile(topo, KEEP_QUANTILE);
  const simplified = simplify(filter(topo, filterWeight(topo, minWeight)), minWeight);
  const outline = feature(simplified, simplified.objects.finland) as FeatureCollection<
    Polygon | MultiPolygon
  >;

  // d3-geo takes clockwise exterior rings (the opposite of RFC 7946, which the file follows):
  // reversed, so that a ring means the land inside it, not the rest of the sphere.
  for (const f of outline.features) {
    const polygons =
      f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const polygon of polygons) for (const ring of polygon) ring.reverse();
  }

  // ETRS-TM35FIN's projection (transverse Mercator on 27° E), Finland's own map grid, fitted
  // to every point of the unsimplified outline.
  const everyPoint = {
    type: 'MultiPoint' as const,
    coordinates: finland.geometry.coordinates.flat(2),
  };
  const projection = d3.geoTransverseMercator().rotate([-27, 0]).fitHeight(HEIGHT, everyPoint);
  const [[x0], [x1]] = d3.geoPath(projection).bounds(everyPoint);
  const width = Math.ceil(x1 - x0);
  projection.translate([projection.translate()[0] - x0, projection.translate()[1]]);
  const path = d3.geoPath(projection).digits(1);

  const rows = parse<{ code: string; lon: string; lat: string }>(
    readFileSync(join(root, 'data', 'municipality-centres.csv'), 'utf8'),
    { columns: true, skip_empty_lines: true },
  );
  const centres: FinlandMap['centres'] = {};
  for (const r of rows) {
    if (!/^\d{3}$/.test(r.code)) throw new Error(`municipality-centres.csv: bad code "${r.code}"`);
    const p = projection([Number(r.lon), Number(r.lat)]);
    if (!p || !p.every(Number.isFinite))
      throw new Error(`municipality-centres.csv ${r.code}: bad point`);
    centres[r.code] = [Math.round(p[0] * 10) / 10, Math.round(p[1] * 10) / 10];
  }

  const regions = new Set<string>();
  for (const r of parse<{ code: string; region_code: string }>(
    readFileSync(join(root, 'data', 'municipalities-2020.csv'), 'utf8'),
    { columns: true, skip_empty_lines: true, bom: true },
  )) {
    if (!centres[r.code]) continue;
    if (!/^\d{2}$/.test(r.region_code))
      throw new Error(`municipalities-2020.csv ${r.code}: bad region "${r.region_code}"`);
    regions.add(r.region_code);
  }

  return {
    width,
    regions: [...regions].sort(),
    height: HEIGHT,
    outline: path(outline) ?? '',
    centres,
    points: {
      source: countPositions(finland.geometry),
      kept: outline.features.reduce(
        (n, f: Feature<Polygon | MultiPolygon>) => n + countPositions(f.geometry),
        0,
      ),
    },
  };
}
