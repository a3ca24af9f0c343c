import { badInput, conflict, normalizeText, requiredText } from '@cultura/service-kit';
import { parseIsoDate, territoryLineage, today, type CulturalDomain } from '@cultura/vocabulary';
import type { ApplicationRecord, Evidence } from '../entities';
import { checkEligibility, type AreaOfWork, type EvidenceKind, type OrganisationForm, type Population } from '../domain';
import { PROGRAM_ID } from '../data/facts';
import { culturePointId } from '../registry';
import { findPendingApplication, insertApplication, nextApplicationNumber } from '../store/applications';
import { findPointByIdOrTaxId } from '../store/points';
import { conflictOnDuplicate } from './conflicts';
import { districtId, email, httpUrl, pastOrPresentDate, phone, taxId, unique } from './input';
import type { Ctx } from './context';

/** Submitting an application: every rule checked and explained before one transaction writes it. */

export interface SubmitApplicationInput {
  organisationName: string;
  organisationForm: OrganisationForm;
  nonProfit: boolean;
  legalPersonality?: boolean | null;
  taxId?: string | null;
  continuousWorkSince: string;
  members: number;
  districtId: string;
  areasOfWork: AreaOfWork[];
  domains: CulturalDomain[];
  artisticExpressions?: string[] | null;
  populationsServed?: Population[] | null;
  communityWork: string;
  evidence: { kind: EvidenceKind; description: string; url?: string | null; date?: string | null }[];
  contact: { name: string; email?: string | null; phone?: string | null };
  submittedOn?: string | null;
}

function membersCount(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1 || value > 100_000)
    throw badInput(`${field} must be a whole number of people, at least 1, got ${value}`, field);
  return value;
}

export async function submitApplication(ctx: Ctx, input: SubmitApplicationInput): Promise<ApplicationRecord> {
  const name = requiredText(input.organisationName, 'input.organisationName', 200);
  const submittedOn = input.submittedOn ? pastOrPresentDate(input.submittedOn, 'input.submittedOn') : today();
  const since = parseIsoDate(input.continuousWorkSince.trim(), 'input.continuousWorkSince');
  if (since > submittedOn) {
    throw badInput(`input.continuousWorkSince (${since}) is after the submission date (${submittedOn})`, 'input.continuousWorkSince');
  }
  if (since < '1900-01-01') throw badInput(`input.continuousWorkSince (${since}) is before 1900`, 'input.continuousWorkSince');
  const members = membersCount(input.members, 'input.members');
  const district = districtId(input.districtId, 'input.districtId');
  const ruc = taxId(input.taxId, 'input.taxId');
  const communityWork = requiredText(input.communityWork, 'input.communityWork', 5000);
  if (!input.evidence.length)
    throw badInput('An application needs at least one piece of evidence of the work it describes', 'input.evidence');
  const evidence: Evidence[] = input.evidence.map((e, i) => ({
    kind: e.kind,
    description: requiredText(e.description, `input.evidence[${i}].description`, 2000),
    url: httpUrl(e.url, `input.evidence[${i}].url`),
    date: e.date ? pastOrPresentDate(e.date, `input.evidence[${i}].date`) : null,
  }));
  const contact = {
    name: requiredText(input.contact.name, 'input.contact.name', 200),
    email: email(input.contact.email, 'input.contact.email'),
    phone: phone(input.contact.phone, 'input.contact.phone'),
  };
  const expressions = unique((input.artisticExpressions ?? []).map((e, i) => requiredText(e, `input.artisticExpressions[${i}]`, 100)));
  const areasOfWork = unique(input.areasOfWork);
  const domains = unique(input.domains);
  await ctx.loaders.territories.assertKnown([district], 'input.districtId');

  const eligibility = checkEligibility(
    { nonProfit: input.nonProfit, continuousWorkSince: since, members, areasOfWork, domains },
    submittedOn,
  );
  const sortName = normalizeText(name);
  const duplicate = `${name} already has an application under review in ${district}`;

  return conflictOnDuplicate(
    () =>
      ctx.dataSource.transaction(async (tx) => {
        const pending = await findPendingApplication(tx, { sortName, districtId: district, taxId: ruc });
        if (pending) {
          const field = pending.taxId !== null && pending.taxId === ruc ? 'input.taxId' : 'input.organisationName';
          throw conflict(`${pending.organisationName} already has an application under review (${pending.id})`, field, {
            existingId: pending.id,
          });
        }
        // An organisation already in the registry renews its entry (if it lapsed or was revoked) rather than getting a second one.
        const sameId = culturePointId(district, name);
        const existing = await findPointByIdOrTaxId(tx, sameId, ruc);
        if (existing?.status === 'RECOGNISED') {
          const field = existing.actorId === sameId ? 'input.organisationName' : 'input.taxId';
          throw conflict(`This organisation is already a recognised culture point (${existing.actorId})`, field, {
            existingId: existing.actorId,
          });
        }
        const id = `${PROGRAM_ID}:application:${await nextApplicationNumber(tx)}`;
        return insertApplication(tx, {
          id,
          organisationName: name,
          sortName,
          organisationForm: input.organisationForm,
          nonProfit: input.nonProfit,
          legalPersonality: input.legalPersonality ?? false,
          taxId: ruc,
          continuousWorkSince: since,
          members,
          districtId: district,
          territoryLineage: territoryLineage(district) ?? [district],
          areasOfWork,
          domains,
          artisticExpressions: expressions,
          populations: unique(input.populationsServed),
          communityWork,
          evidence,
          submittedOn,
          status: 'UNDER_REVIEW',
          eligible: eligibility.eligible,
          eligibility,
          contactName: contact.name,
          contactEmail: contact.email,
          contactPhone: contact.phone,
          resolutionNumber: null,
          culturePointId: existing?.actorId ?? null,
          origin: 'USER',
          source: `api:${ctx.auth.subject ?? 'unknown'}`,
          locator: null,
        });
      }),
    'input.organisationName',
    duplicate,
  );
}
