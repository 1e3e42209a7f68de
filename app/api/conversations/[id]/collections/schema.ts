import { z } from "zod";

export const addCollectionSchema = z.object({ collectionId: z.string().min(1).max(64) });
