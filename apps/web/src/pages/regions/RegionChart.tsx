import { Card, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import type { RegionChild } from '../../api/types';
import { EChart } from '../../components/EChart';
import { useI18n } from '../../i18n';

use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const POOR_COLOR = '#c0392b';
const OTHER_COLOR = '#e9c9a0';

export interface RegionChartProps {
  items: RegionChild[];
  total: number;
}

/** Stacked bars: poor villages and the other villages of each sub-region. */
export function RegionChart({ items, total }: RegionChartProps) {
  const { t } = useI18n();
  const option = useMemo((): EChartsOption => {
    const names = items.map((item) => item.name);
    return {
      color: [POOR_COLOR, OTHER_COLOR],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, data: [t('region.chartPoor'), t('region.chartOther')] },
      grid: { left: 8, right: 16, top: 36, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      xAxis: {
        type: 'category',
        data: names,
        axisLabel: { interval: 0, rotate: names.length > 8 ? 40 : 0 },
      },
      yAxis: { type: 'value' },
      series: [
        {
          name: t('region.chartPoor'),
          type: 'bar',
          stack: 'villages',
          data: items.map((item) => item.counts.poorVillage),
        },
        {
          name: t('region.chartOther'),
          type: 'bar',
          stack: 'villages',
          data: items.map((item) => Math.max(0, item.counts.village - item.counts.poorVillage)),
        },
      ],
    };
  }, [items, t]);

  return (
    <Card
      size="small"
      className="region-chart"
      title={t('region.chart')}
      extra={
        items.length < total ? (
          <Typography.Text type="secondary">{t('region.chartNote', { n: items.length })}</Typography.Text>
        ) : null
      }
    >
      <EChart option={option} style={{ height: 300 }} />
    </Card>
  );
}
