// Settings: model (listed by llama-server), system prompt, tool groups, max turns — for this chat, or the
// defaults of every chat without its own. Only fields the user touched are sent.
import { h, $, toast } from './dom.js';
import { sessionsApi, systemApi } from './api.js';

export class SettingsPanel {
  constructor(dialog, hooks) {
    this.dialog = dialog;
    this.hooks = hooks; // onSaved(scope, result)
    this.model = $('#set-model', dialog);
    this.prompt = $('#set-prompt', dialog);
    this.tools = $('#set-tools', dialog);
    this.turns = $('#set-turns', dialog);
    this.error = $('#settings-error', dialog);
    this.note = $('#settings-note', dialog);
    this.resetButton = $('#settings-reset', dialog);
    this.dirty = new Set();
    for (const [el, name] of [[this.model, 'model'], [this.prompt, 'system_prompt'], [this.turns, 'max_turns']]) {
      el.addEventListener('input', () => this.dirty.add(name));
      el.addEventListener('change', () => this.dirty.add(name));
    }
    this.tools.addEventListener('change', () => this.dirty.add('tool_options'));
    $('#settings-form', dialog).addEventListener('submit', (event) => { event.preventDefault(); this.save(); });
    $('#settings-cancel', dialog).addEventListener('click', () => dialog.close());
    this.resetButton.addEventListener('click', () => this.resetDefaults());
    for (const tab of dialog.querySelectorAll('.tab')) {
      tab.addEventListener('click', () => this.show(tab.dataset.scope));
    }
  }

  /** Opens on {@code scope} ('session' or 'defaults'); {@code sessionId} null disables the chat tab. */
  async open(scope, sessionId) {
    this.sessionId = sessionId;
    $('#tab-session', this.dialog).disabled = !sessionId;
    this.error.textContent = '';
    if (!this.dialog.open) this.dialog.showModal();
    await this.show(sessionId ? scope : 'defaults');
  }

  async show(scope) {
    this.scope = scope;
    this.dirty.clear();
    this.error.textContent = '';
    for (const tab of this.dialog.querySelectorAll('.tab')) tab.setAttribute('aria-selected', String(tab.dataset.scope === scope));
    this.resetButton.hidden = scope !== 'defaults';
    let defaults, groups, session, models;
    try {
      [defaults, groups, session] = await Promise.all([
        systemApi.defaults(), systemApi.toolGroups(), scope === 'session' ? sessionsApi.get(this.sessionId) : null]);
    } catch (e) {
      this.error.textContent = e.message;
      return;
    }
    try {
      models = (await systemApi.models()).models.map((m) => m.id);
    } catch {
      models = null; // llama-server is down: keep whatever is set
    }
    this.defaults = defaults;
    const own = scope === 'session' ? session : defaults;
    this.note.textContent = scope === 'session'
      ? `Settings of “${session.title}”. Fields left as they are follow the defaults.`
      : 'Used by every chat that has no setting of its own. Saved in the gateway\'s database.';
    this.fillModels(models, own.model || '', scope === 'session'
      ? `Default (${defaults.model || 'llama-server\'s model'})` : 'Whatever llama-server serves');
    this.prompt.value = own.system_prompt ?? '';
    this.prompt.placeholder = scope === 'session' ? (defaults.system_prompt || '') : '';
    this.turns.value = own.max_turns ?? '';
    this.turns.placeholder = String(defaults.max_turns);
    this.fillTools(groups.groups, own.tool_options ?? defaults.tool_options);
  }

  fillModels(models, current, emptyLabel) {
    const ids = models ? [...models] : [];
    if (current && !ids.includes(current)) ids.push(current);
    this.model.replaceChildren(h('option', { value: '', text: emptyLabel }),
      ...ids.map((id) => h('option', { value: id, text: id })));
    if (!models) this.model.append(h('option', { value: '', disabled: true, text: '(llama-server is not reachable: no model list)' }));
    this.model.value = current;
  }

  fillTools(groups, selected) {
    const chosen = new Set(selected || []);
    const all = chosen.has('all');
    this.extraTools = [...chosen].filter((name) => name !== 'all' && !(name in groups));
    this.tools.replaceChildren(...Object.entries(groups).sort(([a], [b]) => a.localeCompare(b)).map(([group, tools]) =>
      h('label', { title: tools.join(', ') },
        h('input', { type: 'checkbox', value: group, checked: all || chosen.has(group) }),
        group, h('small', { text: `(${tools.length})` }))));
  }

  collect() {
    const patch = {};
    if (this.dirty.has('model')) patch.model = this.model.value;
    if (this.dirty.has('system_prompt')) patch.system_prompt = this.prompt.value;
    if (this.dirty.has('tool_options')) {
      patch.tool_options = [...this.tools.querySelectorAll('input:checked')].map((i) => i.value).concat(this.extraTools);
    }
    if (this.dirty.has('max_turns') && this.turns.value !== '') {
      const turns = Number(this.turns.value);
      if (!Number.isInteger(turns) || turns < 1 || turns > 1000) throw new Error('Max turns must be a whole number from 1 to 1000.');
      patch.max_turns = turns;
    }
    return patch;
  }

  async save() {
    let patch;
    try {
      patch = this.collect();
    } catch (e) {
      this.error.textContent = e.message;
      return;
    }
    if (Object.keys(patch).length === 0) {
      this.dialog.close();
      return;
    }
    try {
      const result = this.scope === 'session'
        ? await sessionsApi.patch(this.sessionId, patch)
        : await systemApi.patchDefaults(patch);
      this.dialog.close();
      toast(this.scope === 'session' ? 'Chat settings saved' : 'Defaults saved');
      this.hooks.onSaved?.(this.scope, result);
    } catch (e) {
      this.error.textContent = e.message;
    }
  }

  async resetDefaults() {
    try {
      const result = await systemApi.resetDefaults();
      toast('Defaults restored from the configuration');
      await this.show('defaults');
      this.hooks.onSaved?.('defaults', result);
    } catch (e) {
      this.error.textContent = e.message;
    }
  }
}
