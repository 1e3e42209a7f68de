// How much a member may upload: per file and all their files together; a child gets a quarter of each.
import { getEnv } from "../env";

export type DocumentLimits = { perFile: number; perMember: number };

export function documentLimits(role: string): DocumentLimits {
  const env = getEnv();
  const share = role === "child" ? 4 : 1;
  return {
    perFile: Math.floor(env.HEARTH_FILE_MAX_BYTES / share),
    perMember: Math.floor(env.HEARTH_FILES_MAX_BYTES / share),
  };
}

/** Where members' files live: under the data folder, each under a name the server chose. */
export function documentsDir(): string {
  return `${getEnv().dataDir}/documents`;
}
