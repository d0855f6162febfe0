/**
 * The limits of the exchange format, in one place: the validator enforces them for the CLI and the API
 * alike, and docs/exchange-format.md documents them (a test checks that the two agree).
 */
import { MAX_PROBLEMS } from '../errors.ts';

export const LIMITS = {
  /** Characters in an id (participants, clusters, platforms, projects, regions, and references to them). */
  idLength: 200,
  /** Characters in any other string: a name, a description, a role, a string attribute. */
  stringLength: 10_000,
  /** Free attributes on one row. */
  attributeCount: 100,
  /** Characters in an attribute name. */
  attributeNameLength: 64,
  /** Nesting of arrays and objects in a JSON bundle (a bundle needs 4: bundle, entry, row, attributes). */
  jsonDepth: 16,
  /** Problems listed in an error (the total is counted and said). */
  problems: MAX_PROBLEMS,
  /** Whole numbers (years aside: 1800–2100) lie in 0 … Number.MAX_SAFE_INTEGER (2^53 − 1). */
  maxCount: Number.MAX_SAFE_INTEGER,
} as const;

/** Names refused anywhere a bundle names something (fields, attributes, meta), whatever the source. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A printable id: no control, format, surrogate, private-use or unassigned characters, no line
 * separators, no replacement character (U+FFFD, the mark of bytes that were not UTF-8); the only space
 * is U+0020.
 */
export const PRINTABLE_ID = /^(?:[^\p{C}\p{Z}\uFFFD]|\u0020)+$/u;

/** Control characters that a string may not hold (tab, line feed and carriage return are allowed). */
// eslint-disable-next-line no-control-regex
export const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * A number written in a CSV cell: decimal digits with an optional sign, fraction and exponent.
 * No hex (`0x1F`), binary, octal, `Infinity`, `NaN`, separators or surrounding blanks.
 */
export const DECIMAL_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

const LONE_SURROGATE = /\p{Cs}/u;

/** Why a string cannot be a string value (undefined when it can). */
export function stringProblem(value: string, max: number = LIMITS.stringLength): string | undefined {
  if (value.length > max) return `has ${value.length} characters; at most ${max} are allowed`;
  if (LONE_SURROGATE.test(value)) return 'holds a lone surrogate (not a Unicode character)';
  const control = FORBIDDEN_CONTROL.exec(value);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return `holds the control character U+${code} at character ${control.index + 1}`;
  }
  return undefined;
}

/** Why a string cannot be an id (undefined when it can). */
export function idProblem(value: string): string | undefined {
  if (value.length > LIMITS.idLength)
    return `an id has at most ${LIMITS.idLength} characters, this one ${value.length}`;
  if (!PRINTABLE_ID.test(value)) {
    const bad = [...value].find((c) => !PRINTABLE_ID.test(c)) ?? '';
    const code = (bad.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return `an id holds printable characters only; found U+${code}`;
  }
  return undefined;
}

/** Why a name (attribute, meta key, field) is refused outright (undefined when it is not reserved). */
export function reservedProblem(name: string): string | undefined {
  return RESERVED_NAMES.has(name) ? `'${name}' is a reserved name` : undefined;
}
