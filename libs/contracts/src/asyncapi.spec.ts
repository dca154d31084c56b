import { buildAsyncApiDocument } from './asyncapi';
import { EVENT_TYPES } from './event-catalog';
import { ALL_TOPICS, Topics } from './topics';

describe('the AsyncAPI document', () => {
  const doc = buildAsyncApiDocument() as {
    channels: Record<string, { messages: Record<string, unknown> }>;
    components: { messages: Record<string, { payload: unknown }> };
  };

  it('describes every topic as a channel', () => {
    expect(Object.keys(doc.channels).sort()).toEqual([...ALL_TOPICS].sort());
  });

  it.each(EVENT_TYPES)('documents %s on its topic with its payload schema', (type) => {
    const channel = Object.values(doc.channels).find((c) => type in c.messages);
    expect(channel).toBeDefined();
    expect(JSON.stringify(doc.components.messages[type].payload)).toContain('"payload"');
  });

  it('documents raw scans on the scans topic', () => {
    expect(Object.keys(doc.channels[Topics.scans].messages)).toEqual(['scan']);
  });
});
