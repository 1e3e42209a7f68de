"use client";

import { useCallback, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import type { Sampling } from "@/lib/conversation-settings";
import type { PresetView } from "@/lib/queries/presets";
import { api } from "../ui/api";
import { Button } from "../ui/button";
import { useDismiss } from "../ui/use-dismiss";

export type ChatSettings = { systemPrompt: string | null; sampling: Sampling };

const field = "w-full rounded-lg border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700";

/** A number input's value: empty means "the model's default". */
function numberOrUndefined(value: string): number | undefined {
  return value.trim() === "" ? undefined : Number(value);
}

// The conversation's instructions and sampling, and the member's saved prompts to fill them from.
export function ConversationSettings(props: {
  settings: ChatSettings;
  maxOutputTokens: number;
  onSave: (settings: ChatSettings) => Promise<boolean>;
}) {
  const t = useTranslations("chat");
  const [open, setOpen] = useState(false);
  const [systemPrompt, setSystemPrompt] = useState(props.settings.systemPrompt ?? "");
  const [sampling, setSampling] = useState<SamplingText>({
    temperature: String(props.settings.sampling.temperature ?? ""),
    topP: String(props.settings.sampling.topP ?? ""),
    maxTokens: String(props.settings.sampling.maxTokens ?? ""),
  });
  const [presets, setPresets] = useState<PresetView[] | null>(null);
  const [saved, setSaved] = useState(false);
  const toggleButton = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLElement>(null);
  const inside = useRef([panel, toggleButton]).current;
  const close = useCallback(() => setOpen(false), []);
  useDismiss({ open, onClose: close, inside, returnFocusTo: toggleButton });

  async function toggle() {
    setOpen(!open);
    if (!open && presets === null)
      setPresets((await api<{ presets: PresetView[] }>("/api/presets").catch(() => ({ presets: [] }))).presets);
  }

  async function save() {
    const numbers = {
      temperature: numberOrUndefined(sampling.temperature),
      topP: numberOrUndefined(sampling.topP),
      maxTokens: numberOrUndefined(sampling.maxTokens),
    };
    setSaved(await props.onSave({ systemPrompt: systemPrompt.trim() || null, sampling: numbers }));
  }

  return (
    <div className="relative">
      <button
        ref={toggleButton}
        type="button"
        aria-expanded={open}
        aria-controls="chat-settings"
        onClick={() => void toggle()}
        className="rounded-lg border border-zinc-300 px-2 py-1 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        {t("settings")}
      </button>
      {open && (
        <section
          ref={panel}
          id="chat-settings"
          aria-label={t("settings")}
          className="absolute right-0 z-20 mt-2 w-[min(28rem,calc(100vw-2rem))] space-y-3 rounded-xl border border-zinc-300 bg-white p-4 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          <label className="block space-y-1">
            <span>{t("instructions")}</span>
            <textarea rows={4} className={field} value={systemPrompt} onChange={(e) => setSystemPrompt(e.target.value)} />
          </label>
          <PresetChoice
            presets={presets}
            systemPrompt={systemPrompt}
            onChoose={setSystemPrompt}
            onSaved={(preset) => setPresets([...(presets ?? []), preset])}
          />
          <SamplingFields values={sampling} onChange={setSampling} maxOutputTokens={props.maxOutputTokens} />
          <div className="flex items-center justify-end gap-2">
            {saved && <span className="text-sm text-zinc-600 dark:text-zinc-400">{t("saved")}</span>}
            <Button type="button" onClick={() => void save()}>
              {t("saveSettings")}
            </Button>
          </div>
        </section>
      )}
    </div>
  );
}

/** The member's saved prompts: pick one to fill the instructions, or save the instructions as a new one. */
function PresetChoice(props: {
  presets: PresetView[] | null;
  systemPrompt: string;
  onChoose: (content: string) => void;
  onSaved: (preset: PresetView) => void;
}) {
  const t = useTranslations("chat");
  const [presetTitle, setPresetTitle] = useState("");
  const { presets, systemPrompt } = props;

  async function savePreset() {
    const { preset } = await api<{ preset: PresetView }>("/api/presets", { body: { title: presetTitle, content: systemPrompt } });
    props.onSaved(preset);
    setPresetTitle("");
  }

  return (
    <>
      {presets && presets.length > 0 && (
        <label className="block space-y-1">
          <span>{t("usePreset")}</span>
          <select
            className={field}
            value=""
            onChange={(e) => props.onChoose(presets.find((p) => p.id === e.target.value)?.content ?? props.systemPrompt)}
          >
            <option value="">{t("choose")}</option>
            {presets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="flex items-end gap-2">
        <label className="block flex-1 space-y-1">
          <span>{t("saveInstructionsAs")}</span>
          <input className={field} value={presetTitle} onChange={(e) => setPresetTitle(e.target.value)} placeholder={t("presetName")} />
        </label>
        <Button type="button" variant="secondary" disabled={!presetTitle.trim() || !systemPrompt.trim()} onClick={() => void savePreset()}>
          {t("savePreset")}
        </Button>
      </div>
    </>
  );
}

/** Sampling as typed: an empty field means the model's default. */
type SamplingText = { temperature: string; topP: string; maxTokens: string };

function SamplingFields(props: { values: SamplingText; onChange: (values: SamplingText) => void; maxOutputTokens: number }) {
  const t = useTranslations("chat");
  return (
    <div className="grid grid-cols-3 gap-2">
      <label className="block space-y-1">
        <span>{t("temperature")}</span>
        <input
          type="number"
          min={0}
          max={2}
          step={0.1}
          className={field}
          value={props.values.temperature}
          onChange={(e) => props.onChange({ ...props.values, temperature: e.target.value })}
        />
      </label>
      <label className="block space-y-1">
        <span>{t("topP")}</span>
        <input
          type="number"
          min={0.05}
          max={1}
          step={0.05}
          className={field}
          value={props.values.topP}
          onChange={(e) => props.onChange({ ...props.values, topP: e.target.value })}
        />
      </label>
      <label className="block space-y-1">
        <span>{t("longestAnswer")}</span>
        <input
          type="number"
          min={1}
          max={props.maxOutputTokens}
          className={field}
          value={props.values.maxTokens}
          onChange={(e) => props.onChange({ ...props.values, maxTokens: e.target.value })}
        />
      </label>
    </div>
  );
}
