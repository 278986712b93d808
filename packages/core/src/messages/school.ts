// The online party school's catalogue, loaded on demand (ADR 0903): importing this module
// registers it. The school app imports it in its root (every school page shows it); so does the
// server (services). The branch and card apps' pages never show a word of it, so their first
// loads do not carry it.
import { registerCatalogue } from "./index.ts";
import { school, schoolMore } from "./zh-CN/school.ts";

registerCatalogue(school);
registerCatalogue(schoolMore);

export { school, schoolMore };
