import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { baseUrl, updateScreenshots } from './env';

/**
 * The dashboard as its users see it, in Chromium, against the whole stack `npm start` runs (global setup):
 * the map draws a región's comunas from the API's boundaries, a click on one filters the list, the charts
 * count what the `report` query counts, and the language switch changes the labels.
 */
const base = baseUrl;

async function graphql<T>(request: APIRequestContext, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await request.post(`${base()}/graphql`, { data: { query, variables } });
  const body = await res.json();
  expect(body.errors).toBeUndefined();
  return body.data as T;
}

async function open(page: Page, query: string): Promise<void> {
  await page.goto(`${base()}/dashboard/?${query}`);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
}

test('draws Tarapacá with its comunas, coloured by the actions recorded in each', async ({ page, request }, info) => {
  await open(page, 'territory=CL:01&lang=es');
  const { territories } = await graphql<{ territories: { nodes: { id: string }[] } }>(
    request,
    '{ territories(within: "CL:01", level: THIRD_LEVEL) { nodes { id } } }',
  );
  await expect(page.locator('#map')).toHaveAttribute('data-areas', String(territories.nodes.length));
  expect(territories.nodes.length).toBe(7);
  await expect(page.locator('#place-title')).toHaveText('Chile › Tarapacá');
  const counts = JSON.parse((await page.locator('#map').getAttribute('data-counts'))!);
  // Alto Hospicio's own actions, as the report counts them for it (localities inside it would add to it).
  const { report } = await graphql<{ report: { rows: { territory: { id: string } | null; actions: number }[] } }>(
    request,
    '{ report(groupBy: [TERRITORY], filter: { within: ["CL:01107"] }) { rows { territory { id } actions } } }',
  );
  expect(counts['CL:01107']).toBe(report.rows.reduce((n, r) => n + (r.territory ? r.actions : 0), 0));
  await page.screenshot({ path: info.outputPath('tarapaca.png') });
  if (updateScreenshots()) await page.screenshot({ path: 'docs/screenshots/dashboard-tarapaca.png' });
});

test('draws Lima with its districts', async ({ page, request }, info) => {
  await open(page, 'territory=PE:15&lang=es');
  const areas = Number(await page.locator('#map').getAttribute('data-areas'));
  const { territories } = await graphql<{ territories: { totalCount: number } }>(
    request,
    '{ territories(within: "PE:15", level: THIRD_LEVEL) { totalCount } }',
  );
  // Every district of the department that has a boundary (Santa María de Huachipa has none in the files).
  expect(areas).toBe(territories.totalCount - 1);
  await page.screenshot({ path: info.outputPath('lima.png') });
  if (updateScreenshots()) await page.screenshot({ path: 'docs/screenshots/dashboard-lima.png' });
});

test('clicking a comuna filters the list to it', async ({ page, request }) => {
  await open(page, 'territory=CL:01&lang=es');
  const { territory } = await graphql<{ territory: { point: { lat: number; lon: number } } }>(
    request,
    '{ territory(id: "CL:01107") { point { lat lon } } }',
  );
  const at = await page.evaluate(
    ({ lon, lat }) =>
      (globalThis as unknown as { culturaMap: { project(lon: number, lat: number): { x: number; y: number } } }).culturaMap.project(
        lon,
        lat,
      ),
    { lon: territory.point.lon, lat: territory.point.lat },
  );
  await page.locator('#map canvas').click({ position: { x: at.x, y: at.y } });
  await expect(page).toHaveURL(/area=CL%3A01107/);
  await expect(page.locator('#list-scope')).toHaveText('· CL:01107');
  const { actions } = await graphql<{ actions: { totalCount: number } }>(
    request,
    '{ actions(filter: { within: ["CL:01107"] }) { totalCount } }',
  );
  await expect(page.locator('#actions')).toHaveAttribute('data-total', String(actions.totalCount));
  for (const item of await page.locator('#actions li .places').allTextContents()) expect(item).toContain('Alto Hospicio');
  await expect(page.locator('#csv')).toHaveAttribute('href', '/reports.csv?groupBy=TERRITORY&within=CL%3A01107');
});

test('charts count what the report query counts', async ({ page, request }) => {
  await open(page, 'territory=PE:15&lang=es');
  const data = await graphql<{
    kind: { rows: { kind: string | null; actions: number }[] };
    program: { rows: { program: string | null; programName: string | null; actions: number }[] };
  }>(
    request,
    `
      {
        kind: report(groupBy: [KIND], filter: { within: ["PE:15"] }) {
          rows {
            kind
            actions
          }
        }
        program: report(groupBy: [PROGRAM], filter: { within: ["PE:15"] }) {
          rows {
            program
            programName
            actions
          }
        }
      }
    `,
  );
  const bars = async (id: string) =>
    JSON.parse((await page.locator(id).getAttribute('data-bars'))!) as { key: string; label: string; actions: number }[];
  expect((await bars('#chart-kind')).map((b) => b.actions)).toEqual(data.kind.rows.map((r) => r.actions));
  expect((await bars('#chart-kind')).map((b) => b.key)).toEqual(data.kind.rows.map((r) => r.kind ?? expect.stringMatching(/^\*/)));
  expect((await bars('#chart-program')).map((b) => [b.key, b.actions])).toEqual(data.program.rows.map((r) => [r.program, r.actions]));
  // Bars read the programs' names, as their records give them, not their ids.
  const names = data.program.rows.map((r) => r.programName);
  expect(names.every((n) => typeof n === 'string' && n.length > 0)).toBe(true);
  expect((await bars('#chart-program')).map((b) => b.label)).toEqual(names);
  for (const name of names) await expect(page.locator('#chart-program svg')).toContainText(name!.slice(0, 12));
});

test('the language switch changes the page and the labels', async ({ page, request }) => {
  await open(page, 'territory=CL:01&lang=es');
  await expect(page.locator('figcaption').nth(1)).toHaveText('Acciones por tipo');
  const labels = await graphql<{
    es: { actionKind: { value: string; label: string }[] };
    en: { actionKind: { value: string; label: string }[] };
  }>(request, '{ es: labels(lang: ES) { actionKind { value label } } en: labels(lang: EN) { actionKind { value label } } }');
  const firstKind = JSON.parse((await page.locator('#chart-kind').getAttribute('data-bars'))!)[0].key as string;
  const named = (lang: 'es' | 'en') => labels[lang].actionKind.find((l) => l.value === firstKind)!.label;
  await expect(page.locator('#chart-kind')).toContainText(named('es'));
  await page.getByRole('button', { name: 'EN' }).click();
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
  await expect(page.locator('figcaption').nth(1)).toHaveText('Actions by kind');
  await expect(page.locator('#chart-kind')).toContainText(named('en'));
  await expect(page).toHaveURL(/lang=en/);
});

test('says so when the endpoint fails, and recovers on retry', async ({ page }) => {
  let fail = true;
  await page.route('**/graphql', (route) => (fail ? route.fulfill({ status: 503, body: 'down' }) : route.continue()));
  await page.goto(`${base()}/dashboard/?territory=CL:01`);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'error');
  await expect(page.locator('#status')).toContainText('No se pudo cargar');
  fail = false;
  await page.locator('#status button').click();
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
});
