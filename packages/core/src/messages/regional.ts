// The regional (区域化党建) catalogue, loaded on demand (ADR 0903): importing this module
// registers it. The regional pages import it; so does the server (services), so that errors
// and search documents of the domain are always translated.
import { registerCatalogue } from "./index.ts";
import { regional } from "./zh-CN/regional.ts";

registerCatalogue(regional);

export { regional };
