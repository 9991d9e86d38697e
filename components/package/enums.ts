/**
 * The string enums of the component package (`as const` objects, so the schema publishes them as
 * enums and every language gets named constants): the toolkit's own domain words (core/enums.ts),
 * which the spec's schemas also take, so the package and the spec cannot drift.
 */
export * from "../core/enums";
