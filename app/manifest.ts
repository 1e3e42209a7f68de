import type { MetadataRoute } from "next";
import { getTranslator } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

/** Makes Hearth installable: "Add to Home Screen" opens it full-screen like an app, in the reader's language. */
export default async function manifest(): Promise<MetadataRoute.Manifest> {
  const t = await getTranslator();
  return {
    name: t("app.name"),
    short_name: t("app.name"),
    description: t("app.description"),
    start_url: "/",
    scope: "/",
    display: "standalone",
    background_color: "#ffffff",
    theme_color: "#ea580c",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
