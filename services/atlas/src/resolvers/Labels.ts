import { labelResolvers } from '@cultura/vocabulary';
import { ATLAS_LABELS } from '../data/labels';
import type { LabelsResolvers as LabelsFieldResolvers, QueryResolvers } from '../generated/graphql';

const labels = labelResolvers(ATLAS_LABELS);

const Labels: LabelsFieldResolvers = labels.Labels;

/** The `Labels` entity's fields this service answers, and the shareable root field `labels(lang)`. */
export const LabelsResolvers = { Labels };
export const labelsQuery: QueryResolvers['labels'] = labels.Query.labels;
