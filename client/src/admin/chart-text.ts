/** ECharts draws on a canvas, which does not take the page's font: without the bundled one, Chinese names draw as empty boxes. */
export const CHART_TEXT = { fontFamily: "'Noto Sans SC', sans-serif" };
