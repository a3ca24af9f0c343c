import { labelResolvers } from '@cultura/vocabulary';
import { RED_GESTION_LABELS } from '../data/labels';

const labels = labelResolvers(RED_GESTION_LABELS);

/** The `Labels` entity's fields this service answers, and the shareable root field `labels(lang)`. */
export const LabelsResolvers = { Labels: labels.Labels };
export const labelsQuery = labels.Query.labels;
