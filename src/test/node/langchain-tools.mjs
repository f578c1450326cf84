// LangChain (@langchain/openai ChatOpenAI, Chat Completions) against the gateway: bindTools and the usual manual
// loop: invoke, run the requested tool, append the AIMessage and a ToolMessage, invoke again for the final text.
// Usage: node langchain-tools.mjs <gateway base url>; exit 0 = pass.
import { ChatOpenAI } from '@langchain/openai';
import { HumanMessage, ToolMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { z } from 'zod';

const base = process.argv[2];
const calls = [];
const getWeather = tool(
  async ({ city }) => {
    calls.push(city);
    return `snow in ${city}`;
  },
  { name: 'get_weather', description: 'The weather in a city', schema: z.object({ city: z.string() }) },
);
const model = new ChatOpenAI({ model: 'hinksbot', apiKey: 'unused', configuration: { baseURL: `${base}/v1` } })
  .bindTools([getWeather]);

const messages = [new HumanMessage('Weather in Stavanger?')];
let invocations = 0;
let ai;
for (;;) {
  ai = await model.invoke(messages);
  invocations++;
  messages.push(ai);
  if (!ai.tool_calls?.length || invocations >= 4) {
    break;
  }
  for (const call of ai.tool_calls) {
    const output = await getWeather.invoke(call.args);
    messages.push(new ToolMessage({ content: output, tool_call_id: call.id }));
  }
}
const report = { text: ai.content, invocations, calls };
console.log(JSON.stringify(report));
if (ai.content !== 'It is snowing in Stavanger.' || calls.length !== 1 || calls[0] !== 'Stavanger' || invocations !== 2) {
  console.error('unexpected result');
  process.exit(1);
}
