import { figureView, territoryRef } from '@cultura/vocabulary';
import { figureScope } from '../figure-scope';
import type { ResolversParentTypes } from '../generated/graphql';
import type { ProgramFigure } from '../store/program';

/** A figure as `PuntosCulturaFigure` serves it. */
export function programFigureView(f: ProgramFigure, programCountry: string): ResolversParentTypes['PuntosCulturaFigure'] {
  return {
    key: f.key ?? `figure-${f.record.id}`,
    label: f.record.label ?? f.record.metric.toLowerCase(),
    territories: figureScope(f.record, programCountry).map(territoryRef),
    note: f.note,
    figure: figureView(f.record),
  };
}
