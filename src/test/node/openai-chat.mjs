// openai-node against the gateway: a chat completion and a streamed one, through the agent profile and (when a
// second model id is given) the pass-through. Usage: node openai-chat.mjs <gateway base url> [upstream model id];
// prints a JSON report, exit 0 = pass.
import OpenAI from 'openai';

const [base, upstream] = process.argv.slice(2);
const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'unused', maxRetries: 0 });
const report = {};
for (const model of ['hinksbot', upstream].filter(Boolean)) {
  const chat = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Once upon a time' }], max_tokens: 24 });
  const stream = await client.chat.completions.create({ model, stream: true, stream_options: { include_usage: true },
    messages: [{ role: 'user', content: 'The dog' }], max_tokens: 24 });
  let text = '';
  let usage = null;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? '';
    usage = chunk.usage ?? usage;
  }
  report[model] = { chat: chat.choices[0].message.content.length, chatTokens: chat.usage.completion_tokens,
    stream: text.length, streamTokens: usage?.completion_tokens ?? 0 };
}
console.log(JSON.stringify(report));
if (Object.values(report).some(r => r.chat === 0 || r.stream === 0 || r.chatTokens === 0 || r.streamTokens === 0)) {
  console.error('empty answer');
  process.exit(1);
}
