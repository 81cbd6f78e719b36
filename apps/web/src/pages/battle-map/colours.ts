import { EXIT_YEAR_COLOURS, exitYearColour, type MapMode, type RegionProgress } from '@fupin/domain';
import type { MessageKey } from '../../i18n';
import type { CoverageFigures } from '../../api/progress';

/** One entry of a colour legend: a colour and its label (a message key or literal text). */
export interface LegendEntry {
  colour: string;
  label: { key: MessageKey } | { text: string };
}

const GREY = '#d9d9d9';
/** Incidence bands (percent): below the 2% exit line, then rising to 20% and above. */
const INCIDENCE_BANDS: readonly { below: number; colour: string; text: string }[] = [
  { below: 2, colour: '#389e0d', text: '< 2%' },
  { below: 5, colour: '#fadb14', text: '2–5%' },
  { below: 10, colour: '#fa8c16', text: '5–10%' },
  { below: 20, colour: '#f5222d', text: '10–20%' },
  { below: Infinity, colour: '#820014', text: '≥ 20%' },
];
const COVERAGE_BANDS: readonly { below: number; colour: string; text: string }[] = [
  { below: 0.05, colour: '#389e0d', text: '0%' },
  { below: 5, colour: '#fadb14', text: '< 5%' },
  { below: 20, colour: '#fa8c16', text: '5–20%' },
  { below: Infinity, colour: '#f5222d', text: '≥ 20%' },
];

type Row = RegionProgress & { coverage: CoverageFigures | null };

/** The fill of one region in a colour mode. */
export function regionColour(mode: MapMode, row: Row): string {
  switch (mode) {
    case 'exitYear':
      return exitYearColour(row.plannedExitYear);
    case 'incidence':
      return row.incidencePercent === null
        ? GREY
        : (INCIDENCE_BANDS.find((b) => (row.incidencePercent ?? 0) < b.below)?.colour ?? GREY);
    case 'progress':
      if (row.behind) return '#f5222d';
      if (row.progressPercent === null) return GREY;
      return row.poorHouseholds === 0 ? '#237804' : '#73d13d';
    case 'coverage':
      return row.coverage === null
        ? GREY
        : (COVERAGE_BANDS.find((b) => (row.coverage?.gapPercent ?? 0) < b.below)?.colour ?? GREY);
  }
}

/** The legend of a colour mode. */
export function legend(mode: MapMode): LegendEntry[] {
  switch (mode) {
    case 'exitYear':
      return [
        ...Object.entries(EXIT_YEAR_COLOURS).map(([year, colour]) => ({ colour, label: { text: year } })),
        { colour: exitYearColour(null), label: { key: 'map.legend.noPlan' } },
      ];
    case 'incidence':
      return [
        ...INCIDENCE_BANDS.map((b) => ({ colour: b.colour, label: { text: b.text } })),
        { colour: GREY, label: { key: 'map.legend.noData' } },
      ];
    case 'progress':
      return [
        { colour: '#f5222d', label: { key: 'map.legend.behind' } },
        { colour: '#73d13d', label: { key: 'map.legend.onTrack' } },
        { colour: '#237804', label: { key: 'map.legend.done' } },
        { colour: GREY, label: { key: 'map.legend.noPlan' } },
      ];
    case 'coverage':
      return [
        ...COVERAGE_BANDS.map((b) => ({ colour: b.colour, label: { text: b.text } })),
        { colour: GREY, label: { key: 'map.legend.noData' } },
      ];
  }
}
