"use client";
// Ctrl/⌘+K: one box over the member's own titles and messages. Results show the matched words marked in a
// snippet; choosing one opens the conversation at that message, on its branch.
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { useFormatter, useTranslations } from "use-intl";
import type { FolderView } from "@/lib/queries/folders";
import type { SearchHit } from "@/lib/search/text";
import { useErrorText } from "../i18n/use-error-text";
import { api } from "../ui/api";
import { type Choice, ChoiceSelect } from "../ui/choice-select";
import { ModalDialog } from "../ui/modal-dialog";

type Filters = { from: string; to: string; archived: "exclude" | "include" | "only"; model: string; folder: string };

function Marked(props: { text: string; highlights: [number, number][] }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const [start, end] of props.highlights) {
    if (start < at) continue;
    parts.push(props.text.slice(at, start), <mark key={start}>{props.text.slice(start, end)}</mark>);
    at = end;
  }
  parts.push(props.text.slice(at));
  return <>{parts}</>;
}

function hitUrl(hit: SearchHit): string {
  return hit.messageId ? `/c/${hit.conversationId}?m=${encodeURIComponent(hit.messageId)}` : `/c/${hit.conversationId}`;
}

function useSearch(query: string, filters: Filters) {
  const [results, setResults] = useState<SearchHit[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setResults(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      const params = new URLSearchParams({ q, archived: filters.archived });
      if (filters.from) params.set("from", filters.from);
      if (filters.to) params.set("to", filters.to);
      if (filters.model) params.set("model", filters.model);
      if (filters.folder) params.set("folder", filters.folder);
      api<{ results: SearchHit[] }>(`/api/search?${params}`)
        .then((data) => {
          if (!current) return;
          setResults(data.results);
          setError(null);
        })
        .catch((e) => current && setError(e));
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, filters]);
  return { results, error };
}

export function SearchDialog(props: { folders: FolderView[]; onClose: () => void }) {
  const t = useTranslations("search");
  const errorText = useErrorText();
  const [query, setQuery] = useState("");
  const [filters, setFilters] = useState<Filters>({ from: "", to: "", archived: "include", model: "", folder: "" });
  const { results, error } = useSearch(query, filters);
  return (
    <ModalDialog label={t("title")} closeLabel={t("close")} className="max-w-xl p-3" onClose={props.onClose}>
      <input
        // biome-ignore lint/a11y/noAutofocus: the member opened search to type
        autoFocus
        type="search"
        aria-label={t("label")}
        placeholder={t("placeholder")}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.nativeEvent.isComposing) return;
          const firstResult = () =>
            event.currentTarget.closest("[role=dialog]")?.querySelector<HTMLAnchorElement>("[data-testid=search-results] a");
          if (event.key === "ArrowDown") {
            event.preventDefault();
            firstResult()?.focus();
          }
          if (event.key === "Enter") firstResult()?.click();
        }}
        className="w-full rounded-lg border border-zinc-300 px-3 py-2 dark:border-zinc-700 dark:bg-zinc-950"
      />
      <SearchFilters filters={filters} folders={props.folders} onChange={setFilters} />
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          {errorText(error)}
        </p>
      ) : null}
      {results && results.length === 0 && <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">{t("nothingFound")}</p>}
      {results && results.length > 0 && <SearchResults results={results} onOpen={props.onClose} />}
    </ModalDialog>
  );
}

/** Ctrl/⌘+K anywhere opens search; the sidebar's Search button does too. */
export function useSearchShortcut(openSearch: () => void): void {
  const openRef = useRef(openSearch);
  openRef.current = openSearch;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === "k") {
        event.preventDefault();
        openRef.current();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}

/** The models this member may use, for the model filter (loaded when search opens). */
function useModelChoices(): Choice[] {
  const [models, setModels] = useState<Choice[]>([]);
  useEffect(() => {
    let current = true;
    api<{ models: Choice[] }>("/api/models")
      .then((data) => current && setModels(data.models))
      .catch(() => {});
    return () => {
      current = false;
    };
  }, []);
  return models;
}

function ChoiceFilter(props: { label: string; value: string; choices: Choice[]; onChange: (value: string) => void }) {
  const t = useTranslations("search");
  if (props.choices.length === 0) return null;
  return (
    <label className="flex items-center gap-1">
      {props.label}
      <ChoiceSelect
        value={props.value}
        noneLabel={t("any")}
        choices={props.choices}
        onChange={props.onChange}
        className="max-w-40 rounded border px-1 dark:bg-zinc-950"
      />
    </label>
  );
}

function SearchFilters(props: { filters: Filters; folders: FolderView[]; onChange: (filters: Filters) => void }) {
  const t = useTranslations("search");
  const models = useModelChoices();
  return (
    <fieldset className="mt-2 flex flex-wrap items-center gap-2 text-xs">
      <legend className="sr-only">{t("filters")}</legend>
      <label className="flex items-center gap-1">
        {t("from")}
        <input
          type="date"
          value={props.filters.from}
          onChange={(e) => props.onChange({ ...props.filters, from: e.target.value })}
          className="rounded border px-1 dark:bg-zinc-950"
        />
      </label>
      <label className="flex items-center gap-1">
        {t("to")}
        <input
          type="date"
          value={props.filters.to}
          onChange={(e) => props.onChange({ ...props.filters, to: e.target.value })}
          className="rounded border px-1 dark:bg-zinc-950"
        />
      </label>
      <label className="flex items-center gap-1">
        {t("archived")}
        <select
          value={props.filters.archived}
          onChange={(e) => props.onChange({ ...props.filters, archived: e.target.value as Filters["archived"] })}
          className="rounded border px-1 dark:bg-zinc-950"
        >
          <option value="include">{t("archivedInclude")}</option>
          <option value="exclude">{t("archivedExclude")}</option>
          <option value="only">{t("archivedOnly")}</option>
        </select>
      </label>
      <ChoiceFilter
        label={t("model")}
        value={props.filters.model}
        choices={models}
        onChange={(model) => props.onChange({ ...props.filters, model })}
      />
      <ChoiceFilter
        label={t("folder")}
        value={props.filters.folder}
        choices={props.folders}
        onChange={(folder) => props.onChange({ ...props.filters, folder })}
      />
    </fieldset>
  );
}

/** The hits as links; arrow keys move between them. */
function SearchResults(props: { results: SearchHit[]; onOpen: () => void }) {
  const t = useTranslations("search");
  const format = useFormatter();
  const list = useRef<HTMLUListElement>(null);
  const moveFocus = (step: number) => {
    const links = [...(list.current?.querySelectorAll("a") ?? [])];
    const index = links.indexOf(document.activeElement as HTMLAnchorElement);
    links[Math.min(Math.max(index + step, 0), links.length - 1)]?.focus();
  };
  return (
    <ul
      ref={list}
      aria-label={t("results")}
      className="mt-2 max-h-[60vh] space-y-1 overflow-y-auto"
      data-testid="search-results"
      onKeyDown={(event) => {
        if (event.key === "ArrowDown" || event.key === "ArrowUp") {
          event.preventDefault();
          moveFocus(event.key === "ArrowDown" ? 1 : -1);
        }
      }}
    >
      {props.results.map((hit) => (
        <li key={`${hit.conversationId}-${hit.messageId ?? "title"}`}>
          <Link
            href={hitUrl(hit)}
            prefetch={false}
            onClick={props.onOpen}
            className="block rounded-lg px-3 py-2 text-sm hover:bg-zinc-100 focus:bg-zinc-100 dark:hover:bg-zinc-800 dark:focus:bg-zinc-800"
          >
            <span className="flex justify-between gap-2">
              <span className="truncate font-medium">{hit.conversationTitle}</span>
              <span className="shrink-0 text-xs text-zinc-600 dark:text-zinc-400">
                {format.dateTime(new Date(hit.createdAt), { dateStyle: "medium" })}
              </span>
            </span>
            <span className="line-clamp-2 text-zinc-700 dark:text-zinc-300" data-testid="search-snippet">
              <Marked text={hit.snippet} highlights={hit.highlights} />
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
