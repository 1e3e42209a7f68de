import { z } from "zod";
import { locales } from "@/lib/i18n/config";

/** `locale: null` goes back to following the browser's languages. */
export const settingsSchema = z.object({ locale: z.enum(locales).nullable() });
