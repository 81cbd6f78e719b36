import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import { init } from 'echarts/core';
import { useEffect, useRef, type CSSProperties } from 'react';

export interface EChartProps {
  option: EChartsCoreOption;
  style?: CSSProperties;
}

/**
 * Minimal ECharts host: creates the chart once, replaces its option on change and follows
 * the container's size. (echarts-for-react imports an undeclared `tslib`, which breaks
 * the build when npm does not hoist it.) Callers register the chart parts they use with `use`.
 */
export function EChart({ option, style }: EChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return undefined;
    const instance = init(element);
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={container} style={style} />;
}
