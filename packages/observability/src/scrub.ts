// The last line of defence against personal data in logs: every log line is scrubbed of
// anything shaped like a mainland mobile number or a resident ID number before it is written.
// Code should not log such values in the first place; this catches what slips through
// (an error message quoting input, a URL with a query string).

/** 11-digit mobile numbers (1[3-9]…) and 18-character resident ID numbers, not inside longer digit runs. */
const PATTERNS = [/(?<![0-9])1[3-9][0-9]{9}(?![0-9])/g, /(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])/g];

export const REDACTED = "[redacted]";

export function scrubPersonalData(text: string): string {
  let out = text;
  for (const pattern of PATTERNS) out = out.replace(pattern, REDACTED);
  return out;
}

export function holdsPersonalData(text: string): boolean {
  return PATTERNS.some((pattern) => {
    pattern.lastIndex = 0;
    const found = pattern.test(text);
    pattern.lastIndex = 0;
    return found;
  });
}

/** A URL path for logs: no query string, digit runs that could be personal data masked. */
export function loggablePath(url: string): string {
  const path = url.split("?")[0] ?? "";
  return scrubPersonalData(path.length > 200 ? `${path.slice(0, 200)}…` : path);
}
