// Runs shiki off the main thread: compiling a language's grammar takes 60–170 ms, which would freeze a streaming answer.
import { code, type HighlightOptions, type HighlightResult } from "@streamdown/code";

type Request = HighlightOptions & { id: number };

self.onmessage = (message: MessageEvent<Request>) => {
  const { id, ...options } = message.data;
  const reply = (result: HighlightResult) => self.postMessage({ id, result });
  const ready = code.highlight(options, reply);
  if (ready) reply(ready);
};
