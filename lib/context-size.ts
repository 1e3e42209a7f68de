// How much context a generation of a model may get, as the web (message checks) and the worker agree.

/** Context size `auto` stops here: a longer window mostly costs memory a family server needs for sequences. */
export const AUTO_CONTEXT_MAX = 8192;

/** The largest context a generation of this model gets: HEARTH_CONTEXT_SIZE capped at the model's own, or auto's ceiling. */
export function contextCeiling(setting: number | "auto", modelContext: number): number {
  const trained = modelContext || AUTO_CONTEXT_MAX;
  return Math.min(setting === "auto" ? AUTO_CONTEXT_MAX : setting, trained);
}
