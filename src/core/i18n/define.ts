/** Every leaf of T turned into a string: the shape a translation must have. */
export type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

/**
 * A feature's texts: French first, English with exactly the same keys (checked by the compiler).
 * Registered by src/texts.ts under the feature's namespace (registerTexts).
 */
export function defineTexts<T extends object>(fr: T, en: Strings<T>): { fr: T; en: Strings<T> } {
  return { fr, en };
}
