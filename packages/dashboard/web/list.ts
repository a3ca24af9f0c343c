import type { DashboardActionListQuery } from './gql/graphql';
import { t, type Lang } from './i18n';

type ActionNode = DashboardActionListQuery['actions']['nodes'][number];
type Labels = (kind: string, value: string | null | undefined) => string;

/** What only this action's program says about it: the fields of its own type. */
function ownFields(a: ActionNode, label: Labels): string[] {
  switch (a.__typename) {
    case 'MunicipalCulturePlan':
      return [label('planStage', a.stage)];
    case 'AdvisorySession':
      return [a.areas.map((area) => label('advisoryArea', area)).join(', ')];
    case 'Workshop':
    case 'TechnicalAssistance':
      return [a.topic ?? '', label('sessionModality', a.modality)];
    case 'Recognition':
      return [a.culturePoint?.name ?? '', a.resolutionNumber ?? ''];
    case 'FundingAward':
      return [a.culturePoint?.name ?? '', a.amount != null ? `${a.amount.toLocaleString()} ${a.currency ?? ''}` : ''];
    case 'CultureNetworkMeeting':
      return [a.scope ?? ''];
    default:
      return [label('actionStatus', a.status)];
  }
}

/** One list item: title, program, kind, period and territories, then the program's own fields. */
export function actionItem(a: ActionNode, lang: Lang, label: Labels): HTMLLIElement {
  const li = document.createElement('li');
  li.dataset.id = a.id;
  li.dataset.type = a.__typename;
  const title = document.createElement('strong');
  title.textContent = a.title;
  const meta = document.createElement('span');
  meta.className = 'meta';
  const when = a.period.text ?? (a.period.year ? String(a.period.year) : t('undated', lang));
  meta.textContent = [a.program.name, label('actionKind', a.kind), when].join(' · ');
  const places = document.createElement('span');
  places.className = 'places';
  places.textContent = a.territories.map((p) => p.name).join(', ');
  const own = document.createElement('span');
  own.className = 'own';
  own.textContent = ownFields(a, label).filter(Boolean).join(' · ');
  li.append(title, meta, places, own);
  return li;
}
