import { router } from "../trpc.ts";

export const tasksRouter = router({
});
