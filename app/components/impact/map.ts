/** The impact map as the loader hands it over: the outline already projected, every pin already placed. */
export type MapOutline = { width: number; height: number; path: string };
export type MapPoint = { x: number; y: number };

export type ProducerMapPin = MapPoint & { slug: string; name: string; village: string; province: string };
export type PlantingMapPin = MapPoint & { id: number; place: string; province: string; treeCount: number; plantedOn: string; verified: boolean };

export type MapLabel = MapPoint & { name: string };

/** The outline's frame; its path is drawn by /impact/map.svg, cached on its own, not sent with every page. */
export type MapFrame = Pick<MapOutline, "width" | "height">;
export type ImpactMapData = { outline: MapFrame; labels: MapLabel[]; producers: ProducerMapPin[]; plantings: PlantingMapPin[] };
