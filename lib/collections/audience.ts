// Who may use a family collection: the one rule every query and route asks, so a child can never reach an
// adults-only collection's files by one path while another refuses.
import type { CollectionAudience } from "../generated/prisma/client";

export const COLLECTION_AUDIENCES = ["everyone", "adults"] as const satisfies readonly CollectionAudience[];

/** The audiences whose collections a member of this role may use. */
export function audiencesFor(role: string): CollectionAudience[] {
  return role === "child" ? ["everyone"] : ["everyone", "adults"];
}

export function mayUseCollection(role: string, audience: CollectionAudience): boolean {
  return audiencesFor(role).includes(audience);
}
