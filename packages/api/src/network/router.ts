import { router } from "../trpc.ts";

export const networkRouter = router({
});
