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
    const text = llama.status === 'loading'
      ? 'llama-server is loading the model. Answers will start when it is ready…'
      : `llama-server is ${llama.status === 'unreachable' ? 'not reachable' : 'failing'} at ${llama.url}${llama.message ? ` (${llama.message})` : ''}. Retrying…`;
    this.render(llama.status === 'loading' ? 'warn' : 'error', text);
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
