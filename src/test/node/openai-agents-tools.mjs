// OpenAI Agents SDK (@openai/agents) against the gateway: an Agent with one function tool the SDK runs itself, run
// once over the Responses API (the SDK's default) and once over Chat Completions. Each run is two model turns: the
// model calls the tool, the SDK runs it and sends the history back (function_call + function_call_output items, or
// an assistant tool_calls message + a tool message), the model answers. Tracing is off (it would post to OpenAI).
// Usage: node openai-agents-tools.mjs <gateway base url>; exit 0 = pass.
import OpenAI from 'openai';
import { Agent, run, tool, setDefaultOpenAIClient, setOpenAIAPI, setTracingDisabled } from '@openai/agents';
import { z } from 'zod';

const base = process.argv[2];
setTracingDisabled(true);
setDefaultOpenAIClient(new OpenAI({ baseURL: `${base}/v1`, apiKey: 'unused' }));

const calls = [];
const getWeather = tool({
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => {
    calls.push(city);
    return `snow in ${city}`;
  },
});
const agent = new Agent({ name: 'Weather', instructions: 'Answer weather questions.', model: 'hinksbot', tools: [getWeather] });

const report = {};
let ok = true;
for (const [api, city] of [['responses', 'Oslo'], ['chat_completions', 'Bergen']]) {
  setOpenAIAPI(api);
  const before = calls.length;
  const result = await run(agent, `Weather in ${city}?`);
  const toolCalls = result.newItems.filter((i) => i.type === 'tool_call_item').length;
  const toolOutputs = result.newItems.filter((i) => i.type === 'tool_call_output_item').length;
  report[api] = { finalOutput: result.finalOutput, calls: calls.slice(before), toolCalls, toolOutputs };
  ok &&= result.finalOutput === `It is snowing in ${city}.` && calls.length === before + 1 && calls[before] === city
    && toolCalls === 1 && toolOutputs === 1;
}
console.log(JSON.stringify(report));
if (!ok) {
  console.error('unexpected result');
  process.exit(1);
}
