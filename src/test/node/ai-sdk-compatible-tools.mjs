// Vercel AI SDK 6 with the OpenAI-compatible provider (@ai-sdk/openai-compatible, Chat Completions) against the
// gateway: generateText with a tool the SDK runs itself and several steps; the second step replays the assistant
// tool_calls message and the tool message. Usage: node ai-sdk-compatible-tools.mjs <gateway base url>; exit 0 = pass.
import { generateText, tool, stepCountIs } from 'ai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { z } from 'zod';

const base = process.argv[2];
const provider = createOpenAICompatible({ name: 'hinksbot', baseURL: `${base}/v1`, apiKey: 'unused' });
const calls = [];
const result = await generateText({
  model: provider('hinksbot'),
  prompt: 'Weather in Tromsø?',
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
const report = { text: result.text, steps: result.steps.length, calls, finishReason: result.finishReason };
console.log(JSON.stringify(report));
if (result.text !== 'It is snowing in Tromsø.' || calls.length !== 1 || calls[0] !== 'Tromsø' || result.steps.length !== 2) {
  console.error('unexpected result');
  process.exit(1);
}
