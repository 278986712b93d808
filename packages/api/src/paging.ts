// The page fields every paged list takes: at most PAGE_SIZE_MAX rows, pages up to PAGE_MAX
// (issue 13 defect 4); anything larger is refused at the edge with a clear message.
import { z } from "zod";
import { PAGE_MAX, PAGE_SIZE_MAX } from "@dangjian/core";

export const pageFields = {
  page: z.number().int().min(1).max(PAGE_MAX).optional(),
  pageSize: z.number().int().min(1).max(PAGE_SIZE_MAX).optional(),
};
