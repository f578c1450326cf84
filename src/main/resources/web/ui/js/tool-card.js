// A tool call in the transcript: name, arguments, result (collapsible), duration, ok/error, and — for tools
// that need it — Approve / Deny.
import { h, duration } from './dom.js';

function pretty(value) {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') {
    try { return JSON.stringify(JSON.parse(value), null, 2); } catch { return value; }
  }
  return JSON.stringify(value, null, 2);
}

function preview(args) {
  const text = typeof args === 'string' ? args : JSON.stringify(args ?? {});
  return text === '{}' ? '' : text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

export class ToolCard {
  constructor({ id, name, args }) {
    this.id = id;
    this.status = h('span', { class: 'pill pill-run', text: 'running' });
    this.time = h('span', { class: 'tool-duration' });
    this.body = h('div', { class: 'tool-body' },
      h('div', { class: 'tool-section', text: 'Arguments' }),
      h('pre', { class: 'tool-pre tool-args', text: pretty(args) || '{}' }));
    this.element = h('details', { class: 'tool-card', dataset: { toolCallId: id || '' } },
      h('summary', {},
        h('span', { class: 'tool-icon', 'aria-hidden': 'true', text: 'ƒ' }),
        h('span', { class: 'tool-name', text: name || 'tool' }),
        h('span', { class: 'tool-args-preview', text: preview(args) }),
        this.time, this.status),
      this.body);
  }

  /** The tool finished: {@code success} false marks the card as an error. */
  complete({ result, success, durationMs, error }) {
    this.approval?.remove();
    const ok = success !== false;
    this.status.className = `pill ${success === null || success === undefined ? 'pill-warn' : ok ? 'pill-ok' : 'pill-error'}`;
    this.status.textContent = success === null || success === undefined ? 'done' : ok ? 'ok' : 'error';
    this.element.classList.toggle('is-error', !ok);
    this.time.textContent = duration(durationMs);
    const text = pretty(result ?? error ?? '');
    const long = text.length > 600 || text.split('\n').length > 12;
    const details = h('details', { class: 'tool-result', open: !long || !ok },
      h('summary', { text: `${ok ? 'Result' : 'Error'} · ${text.length.toLocaleString()} chars` }),
      h('pre', { class: 'tool-pre', text: text || '(empty)' }));
    this.body.querySelector('.tool-result')?.remove();
    this.body.append(details);
    if (!ok) this.element.open = true;
  }

  /** The run was stopped or failed before the tool answered. */
  abandon() {
    if (this.status.textContent !== 'running' && this.status.textContent !== 'needs approval') return;
    this.approval?.remove();
    this.status.className = 'pill pill-warn';
    this.status.textContent = 'stopped';
  }

  /** Shows Approve / Deny; {@code decide(true|false)} is called once with the user's choice. */
  requestApproval(reason, decide) {
    this.status.className = 'pill pill-warn';
    this.status.textContent = 'needs approval';
    this.element.open = true;
    const choose = (approved) => {
      this.approval.replaceChildren(approved ? 'Approved — running…' : 'Denied');
      this.status.className = 'pill pill-run';
      this.status.textContent = approved ? 'running' : 'denied';
      decide(approved);
    };
    this.approval = h('div', { class: 'tool-approval', role: 'group', 'aria-label': 'Approval' },
      h('span', { class: 'spacer', text: reason || 'This tool needs your approval to run.' }),
      h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => choose(false) }, 'Deny'),
      h('button', { type: 'button', class: 'btn btn-primary', onclick: () => choose(true) }, 'Approve'));
    this.body.append(this.approval);
    this.approval.querySelector('.btn-primary').focus();
  }
}
