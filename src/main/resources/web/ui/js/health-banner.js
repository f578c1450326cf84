// A banner while llama-server is unreachable or loading; it goes away by itself when the model is back.
import { systemApi } from './api.js';

const OK_EVERY = 15_000;
const DEGRADED_EVERY = 3_000;

export class HealthBanner {
  constructor(element, { onModel }) {
    this.element = element;
    this.onModel = onModel;
  }

  start() {
    this.check();
  }

  /** Checks now (e.g. after a model error) and reschedules. */
  async check() {
    clearTimeout(this.timer);
    let healthy = true;
    try {
      const health = await systemApi.health();
      healthy = this.show(health);
      this.onModel?.(health.model);
    } catch (e) {
      healthy = false;
      this.render('error', 'The gateway is not reachable. Retrying…');
    }
    this.timer = setTimeout(() => this.check(), healthy ? OK_EVERY : DEGRADED_EVERY);
  }

  show(health) {
    const llama = health.llama_server || {};
    if (llama.status === 'ok') {
      this.element.hidden = true;
      this.element.dataset.status = 'ok';
      return true;
    }
    const managed = llama.managed ? managedText(llama.process || {}) : null;
    const text = managed ?? (llama.status === 'loading'
      ? 'llama-server is loading the model. Answers will start when it is ready…'
      : `llama-server is ${llama.status === 'unreachable' ? 'not reachable' : 'failing'} at ${llama.url}${llama.message ? ` (${llama.message})` : ''}. Retrying…`);
    const starting = llama.status === 'loading' || (llama.managed && llama.process?.state === 'starting');
    this.render(starting ? 'warn' : 'error', text);
    this.element.dataset.status = llama.status || 'error';
    return false;
  }

  render(kind, text) {
    const pulse = document.createElement('span');
    pulse.className = 'pulse';
    const label = document.createElement('span');
    label.textContent = text;
    this.element.replaceChildren(pulse, label);
    this.element.className = `banner ${kind}`;
    this.element.hidden = false;
  }
}

/** The banner text for a llama-server the gateway runs itself (gateway.llama.server.command), or null. */
function managedText(process) {
  if (process.state === 'starting') {
    return `llama-server (run by the gateway) is starting and loading its model${process.restarts ? ` (restart ${process.restarts})` : ''}…`;
  }
  if (process.state === 'restarting') {
    return `llama-server (run by the gateway) stopped${process.last_exit ? ` (${process.last_exit})` : ''}; restarting it (restart ${process.restarts})…`;
  }
  return null;
}
