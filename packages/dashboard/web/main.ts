import './style.css';
import { request } from './api';
import { BarPanel, type Bar } from './charts';
import type { DashboardAreasQuery, DashboardAreasQueryVariables, DashboardReportQuery, TerritoryLevel } from './gql/graphql';
import { t, translatePage, type Lang } from './i18n';
import { actionItem } from './list';
import { ChoroplethMap, MAP_COLOURS, type MapArea } from './map';
import { ActionListQuery, AreasQuery, LabelsQuery, PlaceQuery, ReportQuery, TerritorySearchQuery } from './operations';

/** What is on screen, kept in the URL so a view can be shared: `?territory=CL:01&lang=en&area=CL:01107`. */
interface View {
  territory: string;
  area: string | null;
  lang: Lang;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function readView(): View {
  const q = new URLSearchParams(location.search);
  return { territory: q.get('territory') ?? 'CL:01', area: q.get('area'), lang: q.get('lang') === 'en' ? 'en' : 'es' };
}

let view = readView();
let labels: Record<string, Map<string, string>> = {};
let listCursor: string | null = null;

function writeView(): void {
  const q = new URLSearchParams({ territory: view.territory, lang: view.lang });
  if (view.area) q.set('area', view.area);
  history.replaceState(null, '', `?${q}`);
}

/** The name of an enum value in the page's language, from `labels(lang)`; the value itself when unnamed. */
function label(kind: string, value: string | null | undefined): string {
  if (!value) return t('unknown', view.lang);
  return labels[kind]?.get(value) ?? value;
}

function status(text: string, kind: 'loading' | 'error' | 'idle', retry?: () => void): void {
  const el = $('status');
  el.dataset.state = kind;
  el.textContent = text;
  if (retry) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = t('retry', view.lang);
    b.addEventListener('click', retry);
    el.append(' ', b);
  }
}

/** The level drawn inside a territory: a country's regions, anything else's comunas or districts. */
function drawnLevel(level: string): TerritoryLevel {
  return level === 'COUNTRY' ? 'FIRST_LEVEL' : 'THIRD_LEVEL';
}

async function loadLabels(): Promise<void> {
  const data = await request(LabelsQuery, { lang: view.lang === 'es' ? 'ES' : 'EN' });
  labels = Object.fromEntries(
    Object.entries(data.labels)
      .filter((e): e is [string, { value: string; label: string }[]] => Array.isArray(e[1]))
      .map(([k, list]) => [k, new Map(list.map((l) => [l.value, l.label]))]),
  );
}

async function loadAreas(within: string, level: TerritoryLevel) {
  const areas: { id: string; name: string; geometry: unknown }[] = [];
  let after: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof request<DashboardAreasQuery, DashboardAreasQueryVariables>>> = await request(AreasQuery, {
      within,
      level,
      after,
    });
    areas.push(...page.territories.nodes);
    after = page.territories.pageInfo.hasNextPage ? (page.territories.pageInfo.endCursor ?? null) : null;
  } while (after);
  return areas;
}

/** Bars of one report grouping, with the rows that span several groups or do not say shown as such. */
function bars<R extends { actions: number; spans: unknown[]; unknown: unknown[] }>(
  rows: R[],
  keyOf: (row: R) => string | number | null | undefined,
  labelOf: (key: string) => string,
): Bar[] {
  return rows.map((row) => {
    const key = keyOf(row);
    if (key !== null && key !== undefined) return { key: String(key), label: labelOf(String(key)), actions: row.actions };
    const several = row.spans.length > 0;
    return { key: several ? '*several' : '*unknown', label: t(several ? 'several' : 'unknown', view.lang), actions: row.actions };
  });
}

const charts = {
  program: new BarPanel($('chart-program')),
  kind: new BarPanel($('chart-kind')),
  domain: new BarPanel($('chart-domain')),
  year: new BarPanel($('chart-year')),
};

const map = new ChoroplethMap($('map'), (area) => {
  view = { ...view, area: view.area === area.id ? null : area.id };
  writeView();
  map.select(view.area);
  void loadList(true);
});
// The map's screen projection, for browser tests that click an area where its point is drawn.
(window as Window & { culturaMap?: ChoroplethMap }).culturaMap = map;

function showCharts(report: DashboardReportQuery): void {
  // The name the program's own record gives; its id until that record reaches the index.
  const programNames = new Map(report.byProgram.rows.map((r) => [r.program, r.programName]));
  charts.program.show(
    bars(
      report.byProgram.rows,
      (r) => r.program,
      (k) => programNames.get(k) ?? k,
    ),
  );
  charts.kind.show(
    bars(
      report.byKind.rows,
      (r) => r.kind,
      (k) => label('actionKind', k),
    ),
  );
  charts.domain.show(
    bars(
      report.byDomain.rows,
      (r) => r.domain,
      (k) => label('culturalDomain', k),
    ),
  );
  charts.year.show(
    bars(
      report.byYear.rows,
      (r) => r.year,
      (k) => k,
    ),
  );
}

async function loadList(reset: boolean): Promise<void> {
  const list = $<HTMLOListElement>('actions');
  if (reset) {
    list.replaceChildren();
    listCursor = null;
  }
  const within = view.area ?? view.territory;
  $('clear-filter').hidden = !view.area;
  $('list-scope').textContent = view.area ? `· ${view.area}` : '';
  const csv = new URLSearchParams({ groupBy: 'TERRITORY', within });
  $<HTMLAnchorElement>('csv').href = `/reports.csv?${csv}`;
  const data = await request(ActionListQuery, { filter: { within: [within] }, after: listCursor });
  for (const a of data.actions.nodes) list.append(actionItem(a, view.lang, label));
  if (!list.children.length) {
    const li = document.createElement('li');
    li.className = 'empty';
    li.textContent = t('noActions', view.lang);
    list.append(li);
  }
  list.dataset.total = String(data.actions.totalCount);
  listCursor = data.actions.pageInfo.hasNextPage ? (data.actions.pageInfo.endCursor ?? null) : null;
  $('more').hidden = !listCursor;
}

/** Loads everything shown for the territory in view: its outline's units, the report, the list. */
async function render(): Promise<void> {
  translatePage(view.lang);
  status(t('loading', view.lang), 'loading');
  document.body.dataset.state = 'loading';
  try {
    await loadLabels();
    const place = (await request(PlaceQuery, { id: view.territory })).territory;
    if (!place) throw new Error(`${view.territory}?`);
    $('place-title').textContent = [...place.ancestors.map((a) => a.name), place.name].join(' › ');
    const level = drawnLevel(place.level);
    const [areas, report] = await Promise.all([loadAreas(place.id, level), request(ReportQuery, { filter: { within: [place.id] } })]);
    const byArea = new Map<string, number>();
    let notDrawn = 0;
    for (const row of report.byTerritory.rows) {
      const id = row.territory?.id;
      // A locality counts in its comuna or district: its id starts with theirs.
      const area = id ? areas.find((a) => id === a.id || id.startsWith(`${a.id}:`)) : undefined;
      if (area) byArea.set(area.id, (byArea.get(area.id) ?? 0) + row.actions);
      else notDrawn += row.actions;
    }
    const drawn: MapArea[] = areas.filter((a) => a.geometry).map((a) => ({ ...a, actions: byArea.get(a.id) ?? 0 }));
    $('map').dataset.areas = String(drawn.length);
    $('map').dataset.counts = JSON.stringify(Object.fromEntries(drawn.filter((a) => a.actions).map((a) => [a.id, a.actions])));
    const breaks = await map.show(drawn, place.bbox ?? null);
    map.select(view.area);
    $('legend').replaceChildren(
      ...breaks.map((b, i) => {
        const item = document.createElement('span');
        item.innerHTML = `<i style="background:${MAP_COLOURS.steps[i]}"></i>≤ ${b}`;
        return item;
      }),
    );
    $('map-note').textContent = [
      drawn.length ? '' : t('noBoundary', view.lang),
      notDrawn ? `${notDrawn} ${t('actionsCount', view.lang)}: ${t('notDrawn', view.lang)}` : '',
    ]
      .filter(Boolean)
      .join(' ');
    showCharts(report);
    await loadList(true);
    await map.idle();
    status('', 'idle');
    document.body.dataset.state = 'ready';
  } catch (err) {
    status(`${t('error', view.lang)}: ${(err as Error).message}`, 'error', () => void render());
    document.body.dataset.state = 'error';
  }
}

function setUpPicker(): void {
  const input = $<HTMLInputElement>('search');
  const list = $<HTMLUListElement>('suggestions');
  let timer: number | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2) {
      list.replaceChildren();
      return;
    }
    timer = window.setTimeout(async () => {
      try {
        const data = await request(TerritorySearchQuery, { search: text });
        list.replaceChildren(
          ...data.territories.nodes.map((n) => {
            const li = document.createElement('li');
            li.role = 'option';
            li.dataset.id = n.id;
            li.textContent = `${n.name} (${n.localKind}${n.parent ? `, ${n.parent.name}` : ''})`;
            li.addEventListener('click', () => {
              view = { ...view, territory: n.id, area: null };
              writeView();
              list.replaceChildren();
              input.value = '';
              void render();
            });
            return li;
          }),
        );
      } catch (err) {
        status(`${t('error', view.lang)}: ${(err as Error).message}`, 'error');
      }
    }, 200);
  });
}

for (const b of document.querySelectorAll<HTMLButtonElement>('[data-lang]')) {
  b.addEventListener('click', () => {
    view = { ...view, lang: b.dataset.lang === 'en' ? 'en' : 'es' };
    writeView();
    void render();
  });
}
$('more').addEventListener('click', () => void loadList(false));
$('clear-filter').addEventListener('click', () => {
  view = { ...view, area: null };
  writeView();
  map.select(null);
  void loadList(true);
});
setUpPicker();
void render();
