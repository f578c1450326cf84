// Vercel AI SDK 6 with its default OpenAI provider (the Responses API) against the gateway: generateText with a
// tool the SDK runs itself and several steps. The SDK replays the whole history (function_call and
// function_call_output items) on every step. Usage: node ai-sdk-tools.mjs <gateway base url>; exit 0 = pass.
import { generateText, tool, stepCountIs } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { z } from 'zod';

const base = process.argv[2];
const openai = createOpenAI({ baseURL: `${base}/v1`, apiKey: 'unused' });
const calls = [];
const result = await generateText({
  model: openai('hinksbot'),
  prompt: 'Weather in Oslo?',
  tools: {
    get_weather: tool({
      description: 'The weather in a city',
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => {
        calls.push(city);
        return `snow in ${city}`;
      },
    }),
  },
  stopWhen: stepCountIs(4),
});
const report = { text: result.text, steps: result.steps.length, calls };
console.log(JSON.stringify(report));
if (result.text !== 'It is snowing in Oslo.' || calls.length !== 1 || calls[0] !== 'Oslo' || result.steps.length !== 2) {
  console.error('unexpected result');
  process.exit(1);
}
