"use client";
// An answer rendered as GitHub-flavoured markdown while it streams (streamdown re-parses only the last block and
// closes unfinished syntax), with highlighted code (shiki, bundled grammars) and math (KaTeX, bundled fonts; \( \) and
// \[ \] as well as $$).
// Nothing here fetches from outside Hearth: raw HTML is dropped, images are never loaded, links go to the web only.
import "katex/dist/katex.min.css";
import { math } from "@streamdown/math";
import { memo, useDeferredValue, useEffect, useRef, useState } from "react";
import { type Components, defaultRehypePlugins, Streamdown } from "streamdown";
import type { Pluggable, Plugin } from "unified";
import { provideClipboardFallback } from "../ui/copy-text";
import { code } from "./code-highlighter";
import { normalizeMathDelimiters } from "./math-delimiters";
import { safeLinkHref } from "./safe-url";

const plugins = { code, math };

provideClipboardFallback();

// rehype-sanitize only: streamdown's default list also has rehype-raw (HTML inside markdown) and a permissive harden step.
const [sanitize, schema] = defaultRehypePlugins.sanitize as [Plugin<[unknown]>, unknown];
// Wrapped in a named plugin: streamdown keys its processor cache by each plugin's name and JSON options on every
// block render, and the sanitize schema's JSON alone cost tens of milliseconds per answer update.
function hearthSanitize(this: ThisParameterType<typeof sanitize>) {
  return sanitize.call(this, schema);
}
const rehypePlugins: Pluggable[] = [hearthSanitize];

const controls = { code: { copy: true, download: false }, table: { copy: true, download: false, fullscreen: false }, mermaid: false };

const components: Components = {
  a: ({ href, children }) => {
    const safe = safeLinkHref(href);
    if (!safe) return <span>{children}</span>;
    return (
      <a
        href={safe}
        target="_blank"
        rel="noopener noreferrer"
        className="text-blue-700 underline underline-offset-2 break-words dark:text-blue-400"
      >
        {children}
      </a>
    );
  },
  // Images are never loaded (they would tell an outside server who reads the answer): a link to open it instead.
  img: ({ src, alt }) => {
    const safe = safeLinkHref(src);
    const label = alt || (typeof src === "string" ? src : "");
    if (!safe) return <span data-testid="image-placeholder">{label}</span>;
    return (
      <a data-testid="image-placeholder" href={safe} target="_blank" rel="noopener noreferrer" className="underline break-all">
        🖼 {label}
      </a>
    );
  },
};

/** While an answer streams, its markdown is laid out again at most this often (the text grows every frame). */
const STREAMING_RENDER_MS = 100;

/** The text as of the last render slot: at most one update every STREAMING_RENDER_MS while streaming. */
function useThrottledText(text: string, streaming: boolean): string {
  const [shown, setShown] = useState(text);
  const shownAt = useRef(0);
  useEffect(() => {
    if (!streaming) return;
    const timer = setTimeout(
      () => {
        shownAt.current = performance.now();
        setShown(text);
      },
      Math.max(0, shownAt.current + STREAMING_RENDER_MS - performance.now()),
    );
    return () => clearTimeout(timer);
  }, [text, streaming]);
  return streaming ? shown : text;
}

export const Markdown = memo(function Markdown({ text, streaming }: { text: string; streaming: boolean }) {
  // Rendered at a lower priority than typing and scrolling, and in slices React can pause between frames.
  const shown = useDeferredValue(useThrottledText(text, streaming));
  return (
    <Streamdown
      mode="streaming"
      isAnimating={streaming}
      // Closing unfinished syntax (a lone "**", "__" or "`") is for text still arriving: a finished answer is
      // shown as it was written, never with a marker the model did not write.
      parseIncompleteMarkdown={streaming}
      plugins={plugins}
      skipHtml
      rehypePlugins={rehypePlugins}
      components={components}
      controls={controls}
      lineNumbers={false}
      className="markdown min-w-0 space-y-3"
    >
      {normalizeMathDelimiters(shown)}
    </Streamdown>
  );
});
