"use client";

import { useState } from "react";
import type { ModelChoice } from "@/lib/queries/models";
import { useErrorText } from "../i18n/use-error-text";
import { api } from "../ui/api";
import type { ChatSettings } from "./conversation-settings";

/**
 * The model and settings the next messages use: stored with the conversation when it exists, else sent
 * with a new chat's first message.
 */
export function useConversationOptions(args: {
  conversationId: string | null;
  models: ModelChoice[];
  initialModelId?: string | null;
  initialSettings?: ChatSettings;
  setError: (error: string | null) => void;
}) {
  const { conversationId, models, setError } = args;
  const errorText = useErrorText();
  const [modelId, setModelId] = useState(args.initialModelId ?? models.find((m) => m.isDefault)?.id ?? models[0]?.id ?? "");
  const model = models.find((m) => m.id === modelId) ?? null;
  const [settings, setSettings] = useState<ChatSettings>(args.initialSettings ?? { systemPrompt: null, sampling: {} });

  async function saveSettings(next: ChatSettings): Promise<boolean> {
    try {
      if (conversationId) await api(`/api/conversations/${conversationId}`, { method: "PATCH", body: next });
      setSettings(next);
      setError(null);
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    }
  }

  function chooseModel(id: string) {
    setModelId(id);
    if (conversationId)
      void api(`/api/conversations/${conversationId}`, { method: "PATCH", body: { modelId: id } }).catch((e) => setError(errorText(e)));
  }

  return { modelId, model, settings, saveSettings, chooseModel };
}
