// Usage over time: totals, per-day charts drawn as SVG, top tools, average latencies.
import { h, compact, duration } from './dom.js';
import { systemApi } from './api.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

/** A bar chart of {@code values} (one per day), with the first/last day and the maximum as labels. */
function barChart(days, values, color) {
  const width = 300;
  const height = 110;
  const bottom = 14;
  const top = 10;
  const max = Math.max(1, ...values);
  const step = width / Math.max(1, values.length);
  const bar = Math.max(1, step * 0.72);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img' });
  chart.append(svg('line', { x1: 0, x2: width, y1: height - bottom + 0.5, y2: height - bottom + 0.5, stroke: '#2f3743' }));
  values.forEach((v, i) => {
    const hgt = ((height - bottom - top) * v) / max;
    const rect = svg('rect', { x: i * step + (step - bar) / 2, y: height - bottom - hgt, width: bar, height: Math.max(v > 0 ? 1.5 : 0, hgt), rx: 1.5, fill: color });
    rect.append(svg('title', {}, `${days[i]}: ${v.toLocaleString()}`));
    chart.append(rect);
  });
  chart.append(svg('text', { x: 0, y: height - 2, class: 'axis' }, days[0]?.slice(5) ?? ''));
  chart.append(svg('text', { x: width, y: height - 2, class: 'axis', 'text-anchor': 'end' }, days[days.length - 1]?.slice(5) ?? ''));
  chart.append(svg('text', { x: 0, y: 8, class: 'axis' }, `max ${compact(max)}`));
  return chart;
}

export class StatsDashboard {
  constructor(dialog, body, daysSelect) {
    this.dialog = dialog;
    this.body = body;
    this.days = daysSelect;
    daysSelect.addEventListener('change', () => this.load());
  }

  async open() {
    if (!this.dialog.open) this.dialog.showModal();
    await this.load();
  }

  async load() {
    this.body.replaceChildren(h('p', { class: 'muted', text: 'Loading…' }));
    let s;
    try {
      s = await systemApi.stats(Number(this.days.value));
    } catch (e) {
      this.body.replaceChildren(h('p', { class: 'form-error', text: e.message }));
      return;
    }
    this.render(s);
  }

  render(s) {
    const kpi = (label, value, sub) => h('div', { class: 'kpi' },
      h('div', { class: 'kpi-value', text: value }), h('div', { class: 'kpi-label', text: label }), sub ? h('div', { class: 'kpi-sub', text: sub }) : '');
    const byRole = s.messages_by_role || {};
    const kpis = h('div', { class: 'kpis' },
      kpi('Sessions', compact(s.sessions)),
      kpi('Messages', compact(s.messages), `${compact(byRole.user || 0)} you · ${compact(byRole.assistant || 0)} model`),
      kpi('Tool calls', compact(s.tool_calls), s.tool_failures ? `${compact(s.tool_failures)} failed` : 'none failed'),
      kpi('Tokens', compact((s.prompt_tokens || 0) + (s.completion_tokens || 0)), `${compact(s.prompt_tokens)} in · ${compact(s.completion_tokens)} out`),
      kpi('Avg answer', duration(s.avg_assistant_ms) || '–', 'per model turn'),
      kpi('Avg tool', duration(s.avg_tool_ms) || '–', `${s.active_runs} running now`));
    const days = s.daily.map((d) => d.day);
    const chart = (title, key, color) => {
      const values = s.daily.map((d) => d[key]);
      const sum = values.reduce((a, b) => a + b, 0);
      return h('figure', { class: 'chart', 'aria-label': `${title} per day` },
        h('h3', {}, h('span', { text: title }), h('span', { text: compact(sum) })), barChart(days, values, color));
    };
    const charts = h('div', { class: 'charts' },
      chart('Messages', 'messages', '#7aa2f7'),
      chart('Tokens', 'tokens', '#9ece6a'),
      chart('Tool calls', 'tool_calls', '#bb9af7'),
      chart('New sessions', 'sessions', '#e0af68'));
    const maxTool = Math.max(1, ...s.top_tools.map((t) => t.count));
    const top = s.top_tools.length === 0 ? h('p', { class: 'muted', text: 'No tool calls in this period.' })
      : h('ul', { class: 'top-tools' }, s.top_tools.map((t) => h('li', {},
        h('span', { text: t.name }),
        h('span', { class: 'bar-track' }, h('span', { class: 'bar-fill', style: `width:${(100 * t.count) / maxTool}%` })),
        h('span', { text: compact(t.count) }))));
    this.body.replaceChildren(kpis, charts, h('section', { class: 'chart' }, h('h3', { text: 'Top tools' }), top));
  }
}
