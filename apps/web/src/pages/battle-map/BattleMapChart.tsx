import type { MapMode } from '@fupin/domain';
import { Alert, Skeleton, Typography } from 'antd';
import { MapChart } from 'echarts/charts';
import { TooltipComponent } from 'echarts/components';
import { init, use, type EChartsType } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ProgressView } from '../../api/progress';
import { useI18n } from '../../i18n';
import { regionColour } from './colours';
import { featureCode, loadMap, type LoadedMap } from './geo';

use([MapChart, TooltipComponent, CanvasRenderer]);

type Child = ProgressView['children'][number];

export interface BattleMapChartProps {
  view: ProgressView;
  mode: MapMode;
  onOpen: (code: string) => void;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The map of a region's children, coloured by `mode`; a click opens the child. */
export function BattleMapChart({ view, mode, onOpen }: BattleMapChartProps) {
  const { t } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const [geo, setGeo] = useState<{ code: string; map: LoadedMap } | null>(null);
  const [failed, setFailed] = useState(false);
  const code = view.region.code;
  const openRef = useRef(onOpen);
  openRef.current = onOpen;

  useEffect(() => {
    let active = true;
    setFailed(false);
    loadMap(code).then(
      (map) => active && setGeo({ code, map }),
      () => active && setFailed(true),
    );
    return () => {
      active = false;
    };
  }, [code]);

  const matched = useMemo(() => {
    if (!geo || geo.code !== code) return null;
    const byFeature = new Map<string, Child>();
    for (const f of geo.map.features) {
      const childCode = featureCode(code, f, view.children);
      const child = view.children.find((c) => c.code === childCode);
      if (child) byFeature.set(f.name, child);
    }
    const shown = new Set([...byFeature.values()].map((c) => c.code));
    return { byFeature, missing: view.children.filter((c) => !shown.has(c.code)) };
  }, [geo, code, view.children]);

  useEffect(() => {
    const element = container.current;
    if (!element || !geo || !matched) return undefined;
    const instance = chart.current ?? init(element);
    chart.current = instance;
    instance.off('click');
    instance.on('click', (params) => {
      const child = matched.byFeature.get(String(params.name));
      if (child) openRef.current(child.code);
    });
    const percent = (v: number | null) => (v === null ? '—' : `${v.toFixed(2)}%`);
    instance.setOption(
      {
        tooltip: {
          trigger: 'item',
          formatter: (params: { name: string }) => {
            const c = matched.byFeature.get(params.name);
            if (!c) return escape(params.name);
            const lines = [
              `<b>${escape(c.name)}</b>`,
              t('map.tooltip.poor', { h: c.poorHouseholds, p: c.poorPeople }),
              t('map.tooltip.exited', { y: c.exitedThisYearHouseholds, t: c.exitedHouseholds }),
              t('map.tooltip.incidence', { v: percent(c.incidencePercent) }),
              c.plannedExitYear === null ? t('map.legend.noPlan') : t('map.tooltip.plan', { year: c.plannedExitYear }),
              t('map.tooltip.progress', { planned: c.plannedToDate, actual: c.exitedToDate }),
            ];
            if (c.coverage) lines.push(t('map.tooltip.coverage', { v: c.coverage.gapPercent }));
            return lines.join('<br/>');
          },
        },
        series: [
          {
            type: 'map',
            map: geo.map.mapName,
            roam: false,
            selectedMode: false,
            label: { show: true, fontSize: 11, color: '#262626' },
            emphasis: { label: { show: true }, itemStyle: { areaColor: '#ffe58f' } },
            itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
            data: [...matched.byFeature].map(([name, child]) => ({
              name,
              value: child.poorHouseholds,
              itemStyle: { areaColor: regionColour(mode, child) },
            })),
          },
        ],
      },
      { notMerge: true },
    );
    return undefined;
  }, [geo, matched, mode, t]);

  useEffect(() => {
    const element = container.current;
    if (!element) return undefined;
    const observer = new ResizeObserver(() => chart.current?.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  return (
    <div className="battle-map-chart">
      {failed ? <Alert type="warning" showIcon title={t('map.tableOnly')} /> : null}
      {!matched && !failed ? <Skeleton.Node active style={{ width: '100%', height: 480 }} /> : null}
      <div
        ref={container}
        role="img"
        aria-label={t('map.clickHint')}
        data-testid="battle-map-canvas"
        style={{ height: 520, display: matched ? 'block' : 'none' }}
      />
      {matched && matched.missing.length > 0 ? (
        <Typography.Text type="secondary">
          {t('map.notOnMap', { names: matched.missing.map((m) => m.name).join('、') })}
        </Typography.Text>
      ) : null}
    </div>
  );
}
