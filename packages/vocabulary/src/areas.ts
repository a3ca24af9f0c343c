import { badInput } from '@cultura/service-kit';

/** A circle on Earth: WGS 84 degrees and a great-circle distance (the SDL's `NearInput`). */
export interface NearArea {
  lat: number;
  lon: number;
  radiusKm: number;
}

/** A box in WGS 84 degrees, not across the antimeridian (the SDL's `BoundingBoxInput`). */
export interface BoxArea {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** The geographic filters a list may take; both given means both must hold. */
export interface AreaFilter {
  near?: NearArea | null;
  bbox?: BoxArea | null;
}

/** The widest `near` radius: wider circles stop meaning "near" and only cost time. */
export const MAX_NEAR_RADIUS_KM = 2000;

/**
 * Refuses a circle or box that names no place on Earth, naming the argument (`prefix` is the path to the
 * filter, e.g. `filter.` for a list's filter). NaN fails every comparison, so it is refused too.
 */
export function checkArea(area: AreaFilter, prefix = ''): void {
  const { near, bbox } = area;
  if (near) {
    if (!(Math.abs(near.lat) <= 90)) throw badInput(`${prefix}near.lat ${near.lat} is outside −90…90`, `${prefix}near.lat`);
    if (!(Math.abs(near.lon) <= 180)) throw badInput(`${prefix}near.lon ${near.lon} is outside −180…180`, `${prefix}near.lon`);
    if (!(near.radiusKm > 0 && near.radiusKm <= MAX_NEAR_RADIUS_KM))
      throw badInput(
        `${prefix}near.radiusKm must be more than 0 and at most ${MAX_NEAR_RADIUS_KM}, got ${near.radiusKm}`,
        `${prefix}near.radiusKm`,
      );
  }
  if (bbox) {
    for (const side of ['south', 'north'] as const)
      if (!(Math.abs(bbox[side]) <= 90)) throw badInput(`${prefix}bbox.${side} ${bbox[side]} is outside −90…90`, `${prefix}bbox.${side}`);
    for (const side of ['west', 'east'] as const)
      if (!(Math.abs(bbox[side]) <= 180))
        throw badInput(`${prefix}bbox.${side} ${bbox[side]} is outside −180…180`, `${prefix}bbox.${side}`);
    if (bbox.south > bbox.north)
      throw badInput(`${prefix}bbox.south ${bbox.south} is north of ${prefix}bbox.north ${bbox.north}`, `${prefix}bbox.south`);
    if (bbox.west > bbox.east)
      throw badInput(
        `${prefix}bbox.west ${bbox.west} is east of ${prefix}bbox.east ${bbox.east} (boxes across the antimeridian are not supported)`,
        `${prefix}bbox.west`,
      );
  }
}
