import * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource, MapLayerMouseEvent } from 'maplibre-gl';
import type { Geometry } from 'geojson';
import 'maplibre-gl/dist/maplibre-gl.css';
// MapLibre loads its worker from a file beside its own module; Vite emits that file as an asset of the page.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

maplibregl.setWorkerUrl(workerUrl);

/** One unit drawn on the map, with the number of actions recorded for it (its own, not its parent's). */
export interface MapArea {
  id: string;
  name: string;
  geometry: unknown;
  actions: number;
}

/** Sequential colours (light → dark) for the choropleth; units without actions stay pale grey. */
const STEPS = ['#fdd49e', '#fdbb84', '#fc8d59', '#e34a33', '#b30000'];
const NONE = '#eeeeea';

/**
 * A choropleth on MapLibre GL JS with no tile server: an empty style (a background colour), the areas'
 * GeoJSON as the only source, so the page draws offline. Clicking an area calls `onSelect`.
 */
export class ChoroplethMap {
  private readonly map: maplibregl.Map;
  private readonly ready: Promise<void>;
  private selected: string | null = null;

  constructor(container: HTMLElement, onSelect: (area: { id: string; name: string }) => void) {
    this.map = new maplibregl.Map({
      container,
      style: { version: 8, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#dfe9f2' } }] },
      center: [-72, -20],
      zoom: 3,
      attributionControl: false,
      // Keeps the canvas readable by screenshots and tests.
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
    this.ready = new Promise((resolve) => this.map.on('load', () => resolve()));
    void this.ready.then(() => {
      this.map.addSource('areas', { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, promoteId: 'id' });
      this.map.addLayer({
        id: 'areas-fill',
        type: 'fill',
        source: 'areas',
        paint: { 'fill-color': ['get', 'colour'], 'fill-opacity': ['case', ['boolean', ['feature-state', 'selected'], false], 1, 0.85] },
      });
      this.map.addLayer({
        id: 'areas-line',
        type: 'line',
        source: 'areas',
        paint: {
          'line-color': ['case', ['boolean', ['feature-state', 'selected'], false], '#1b1b1b', '#6b6b6b'],
          'line-width': ['case', ['boolean', ['feature-state', 'selected'], false], 2.5, 0.6],
        },
      });
      const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false });
      this.map.on('mousemove', 'areas-fill', (e: MapLayerMouseEvent) => {
        const f = e.features?.[0];
        if (!f) return;
        this.map.getCanvas().style.cursor = 'pointer';
        popup
          .setLngLat(e.lngLat)
          .setText(`${String(f.properties.name)}: ${String(f.properties.actions)}`)
          .addTo(this.map);
      });
      this.map.on('mouseleave', 'areas-fill', () => {
        this.map.getCanvas().style.cursor = '';
        popup.remove();
      });
      this.map.on('click', 'areas-fill', (e: MapLayerMouseEvent) => {
        const f = e.features?.[0];
        if (f) onSelect({ id: String(f.properties.id), name: String(f.properties.name) });
      });
    });
  }

  /** Draws the areas, coloured by their actions, and fits the view to `bbox` ([west, south, east, north]). */
  async show(areas: MapArea[], bbox: number[] | null): Promise<number[]> {
    await this.ready;
    const max = Math.max(0, ...areas.map((a) => a.actions));
    // Upper bounds of the colour steps; with few actions several steps share one bound, and only the first is kept.
    const breaks = [...new Set(STEPS.map((_, i) => Math.ceil((max * (i + 1)) / STEPS.length)))];
    const colour = (n: number) => (n === 0 ? NONE : (STEPS[breaks.findIndex((b) => n <= b)] ?? STEPS[STEPS.length - 1]));
    (this.map.getSource('areas') as GeoJSONSource).setData({
      type: 'FeatureCollection',
      features: areas.map((a) => ({
        type: 'Feature',
        id: a.id,
        properties: { id: a.id, name: a.name, actions: a.actions, colour: colour(a.actions) },
        geometry: a.geometry as Geometry,
      })),
    });
    this.selected = null;
    if (bbox) this.map.fitBounds([bbox[0], bbox[1], bbox[2], bbox[3]], { padding: 20, animate: false });
    return max ? breaks : [];
  }

  /** Outlines one area (or none). */
  select(id: string | null): void {
    if (this.selected) this.map.setFeatureState({ source: 'areas', id: this.selected }, { selected: false });
    this.selected = id;
    if (id) this.map.setFeatureState({ source: 'areas', id }, { selected: true });
  }

  /** The screen point of an area's representative point, for tests and keyboard users. */
  project(lon: number, lat: number): { x: number; y: number } {
    return this.map.project([lon, lat]);
  }

  /** Resolves once the map has drawn what it was given. */
  idle(): Promise<void> {
    return new Promise((resolve) => (this.map.loaded() && !this.map.isMoving() ? resolve() : this.map.once('idle', () => resolve())));
  }
}

export const MAP_COLOURS = { steps: STEPS, none: NONE };
