import { DownloadError, type Download } from '@cultura/service-kit';
import { codeSchemeOf, isCountryCode, TREE_LEVELS, type TreeLevel } from '@cultura/vocabulary';
import type { DataSource } from 'typeorm';
import { registerStoredCodeSchemes } from './store/code-schemes';
import { boundaryFeatures } from './store/geography';

/**
 * `GET /territories.geojson?country=CL&level=THIRD_LEVEL[&simplified=true]`: one GeoJSON FeatureCollection
 * (RFC 7946) of a country's units of one level that have a boundary, for map libraries to load directly.
 * Each feature's `id` is the territory id and its properties are `id`, `code` and `name`, so a choropleth
 * joins it to any API answer by id.
 */
export async function territoriesGeoJson(dataSource: DataSource, query: URLSearchParams): Promise<Download> {
  const country = (query.get('country') ?? '').toUpperCase();
  if (!isCountryCode(country))
    throw new DownloadError(`country must be an ISO 3166-1 alpha-2 code such as CL or PE, got "${query.get('country') ?? ''}"`, 'country');
  const level = query.get('level') ?? '';
  if (!TREE_LEVELS.includes(level as TreeLevel))
    throw new DownloadError(`level must be one of ${TREE_LEVELS.join(', ')}, got "${level}"`, 'level');
  const simplifiedText = query.get('simplified') ?? 'false';
  if (simplifiedText !== 'true' && simplifiedText !== 'false')
    throw new DownloadError(`simplified must be true or false, got "${simplifiedText}"`, 'simplified');
  if (!codeSchemeOf(country)) await registerStoredCodeSchemes(dataSource);
  if (!codeSchemeOf(country)) throw new DownloadError(`no territories of ${country}: its gazetteer is not imported`, 'country', 404);
  const features = await boundaryFeatures(dataSource, country, level, simplifiedText === 'true');
  const lines = features.map((f) =>
    JSON.stringify({ type: 'Feature', id: f.id, properties: { id: f.id, code: f.officialCode, name: f.name }, geometry: f.boundary }),
  );
  // One feature per line, as the source files are: readable, and diffable when saved.
  return {
    contentType: 'application/geo+json',
    fileName: `territories-${country}-${level}.geojson`,
    body: `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`,
  };
}
