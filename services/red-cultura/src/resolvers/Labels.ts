import { labelResolvers } from '@cultura/vocabulary';
import { RED_CULTURA_LABELS } from '../data/labels';
import type { LabelsResolvers as LabelsFieldResolvers, QueryResolvers } from '../generated/graphql';

const labels = labelResolvers(RED_CULTURA_LABELS);

/** The `Labels` entity's fields this service answers, and the shareable root field `labels(lang)`. */
export const LabelsResolvers: { Labels: LabelsFieldResolvers } = { Labels: labels.Labels };
export const labelsQuery: NonNullable<QueryResolvers['labels']> = labels.Query.labels;
