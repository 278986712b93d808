import { router } from "../trpc.ts";

export const duesRouter = router({
});
