// The code highlighter, off the page's thread: one shiki highlighter for the whole page, created once, each
// language's grammar loaded the first time an answer uses it. Tokenizing (and compiling a grammar's regular
// expressions, hundreds of milliseconds for TypeScript) then never stalls typing or scrolling.
import { type BundledLanguage, type BundledTheme, bundledLanguages, createHighlighter, type HighlighterGeneric } from "shiki";
import { createJavaScriptRegexEngine } from "shiki/engine/javascript";
import type { HighlightReply, HighlightRequest } from "./highlight-protocol";

const THEMES = { light: "github-light", dark: "github-dark" } as const;

let highlighter: Promise<HighlighterGeneric<BundledLanguage, BundledTheme>> | null = null;

function getHighlighter(): Promise<HighlighterGeneric<BundledLanguage, BundledTheme>> {
  highlighter ??= createHighlighter({ themes: Object.values(THEMES), langs: [], engine: createJavaScriptRegexEngine({ forgiving: true }) });
  return highlighter;
}

async function highlight({ code, language }: HighlightRequest): Promise<HighlightReply["result"]> {
  const shiki = await getHighlighter();
  const lang = language in bundledLanguages ? (language as BundledLanguage) : "text";
  if (lang !== "text" && !shiki.getLoadedLanguages().includes(lang)) await shiki.loadLanguage(lang);
  const { tokens, fg, bg, rootStyle } = shiki.codeToTokens(code, { lang, themes: THEMES });
  return { tokens, fg, bg, rootStyle };
}

// Ready (themes and engine loaded) before the first code block needs it.
void getHighlighter();

self.onmessage = (message: MessageEvent<HighlightRequest>) => {
  const request = message.data;
  highlight(request).then(
    (result) => self.postMessage({ id: request.id, result } satisfies HighlightReply),
    () => self.postMessage({ id: request.id, result: null } satisfies HighlightReply),
  );
};
