// Ids are UUIDs. Pages check an id taken from the address before asking the API, so that a
// mistyped link answers "not found" rather than a validation error.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` has a UUID's shape (any version). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
