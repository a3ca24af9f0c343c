import { labelResolvers } from '@cultura/vocabulary';
import type { LabelsResolvers as LabelsFieldResolvers, QueryResolvers } from '../generated/graphql';
import { PUNTOS_CULTURA_LABELS } from '../data/labels';

const labels = labelResolvers(PUNTOS_CULTURA_LABELS);

/** The `Labels` entity's fields this service answers, and the shareable root field `labels(lang)`. */
export const LabelsResolvers: { Labels: LabelsFieldResolvers } = { Labels: labels.Labels };
export const labelsQuery: QueryResolvers['labels'] = labels.Query.labels;
