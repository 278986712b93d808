import { foundationSamples } from "./foundation.ts";
import { orglifeSamples } from "./orglife.ts";
import { duesSamples } from "./dues.ts";
import { tasksSamples } from "./tasks.ts";
import { membersSamples } from "./members.ts";
import { partnershipsSamples } from "./partnerships.ts";
import { reportsSamples } from "./reports.ts";
import { warningsSamples } from "./warnings.ts";
import { schoolSamples } from "./school.ts";
import { cardSamples } from "./card.ts";
import { selfSamples } from "./self.ts";
import { regionalSamples } from "./regional.ts";
import type { Samples } from "./types.ts";

export type { Outcome, Persona, Sample, SampleContext, Samples } from "./types.ts";
export { orgRef, personaBranch } from "./self.ts";

export const allSamples: Samples = {
  ...foundationSamples,
  ...orglifeSamples,
  ...duesSamples,
  ...tasksSamples,
  ...membersSamples,
  ...partnershipsSamples,
  ...reportsSamples,
  ...warningsSamples,
  ...schoolSamples,
  ...cardSamples,
  ...selfSamples,
  ...regionalSamples,
};
