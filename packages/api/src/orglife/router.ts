import { router } from "../trpc.ts";

export const orglifeRouter = router({
});
