// Text a test looks for (or checks is absent) must be long and random: a short marker such as "9c1e" turns up
// by chance in a UUID or a hash on the same page, and the test fails (or passes) for the wrong reason.
import { randomBytes } from "node:crypto";

/** 24 random hex characters (96 bits): never found anywhere by chance. */
export function randomMarker(): string {
  return randomBytes(12).toString("hex");
}
