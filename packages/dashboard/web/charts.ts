import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

// Only what the bar charts use, so the bundle stays small; SVG so the bars are elements a test can read.
echarts.use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

/** One bar: its label, and the number of actions the report counts for it. */
export interface Bar {
  key: string;
  label: string;
  actions: number;
}

/** A horizontal bar chart of action counts; each chart's bars are also written into `data-bars` for readers and tests. */
export class BarPanel {
  private readonly chart: echarts.ECharts;

  constructor(private readonly element: HTMLElement) {
    this.chart = echarts.init(element, undefined, { renderer: 'svg' });
    window.addEventListener('resize', () => this.chart.resize());
  }

  show(bars: Bar[]): void {
    this.element.dataset.bars = JSON.stringify(bars.map((b) => ({ key: b.key, label: b.label, actions: b.actions })));
    this.chart.setOption(
      {
        animation: false,
        grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: bars.map((b) => b.label), inverse: true, axisLabel: { width: 160, overflow: 'truncate' } },
        series: [
          { type: 'bar', data: bars.map((b) => b.actions), itemStyle: { color: '#e34a33' }, label: { show: true, position: 'right' } },
        ],
      },
      true,
    );
  }
}
