// Light, dark or the device's choice, kept in a cookie so the server renders the right colours at once.
export const themes = ["system", "light", "dark"] as const;
export type Theme = (typeof themes)[number];
export const THEME_COOKIE = "hearth-theme";

export function isTheme(value: unknown): value is Theme {
  return typeof value === "string" && (themes as readonly string[]).includes(value);
}

/**
 * Runs in <head> before the first paint: applies the device's dark mode when the theme is "system"
 * (the server cannot know it), follows later changes, and records the time zone for dates.
 */
export const themeScript = `(function(){try{
var d=document.documentElement,m=window.matchMedia("(prefers-color-scheme: dark)");
function apply(){var t=(document.cookie.match(/(?:^|; )${THEME_COOKIE}=(\\w+)/)||[])[1]||"system";
d.classList.toggle("dark",t==="dark"||(t==="system"&&m.matches));}
apply();m.addEventListener("change",apply);window.__hearthApplyTheme=apply;
var z=Intl.DateTimeFormat().resolvedOptions().timeZone;if(z)document.cookie="hearth-tz="+encodeURIComponent(z)+";path=/;max-age=31536000;samesite=lax";
}catch(e){}})();`;

/** Saves the choice for a year and applies it now, without a reload. */
export function saveTheme(theme: Theme): void {
  // biome-ignore lint/suspicious/noDocumentCookie: a fixed value; the Cookie Store API is missing in Firefox and Safari
  document.cookie = `${THEME_COOKIE}=${theme};path=/;max-age=31536000;samesite=lax`;
  (window as unknown as { __hearthApplyTheme?: () => void }).__hearthApplyTheme?.();
}
