/**
 * From bytes to text, refusing what is not text: invalid UTF-8 (named by line, column and, in JSON, the
 * path of the value that holds it), JSON nested deeper than the format allows, JSON syntax errors with
 * their position. The CLI (files) and the API (request bodies, uploaded parts) both read through here.
 */
import type { Problem } from '../errors.ts';
import { LIMITS } from './limits.ts';

export interface InvalidByte {
  /** Byte offset of the first byte of the invalid sequence. */
  offset: number;
  byte: number;
  line: number;
  /** Characters since the start of the line, counting from 1. */
  column: number;
}

const lenient = new TextDecoder('utf-8');
const strict = new TextDecoder('utf-8', { fatal: true });

/** The length of the valid UTF-8 sequence that starts at i, or 0 when none does. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  const cont = (j: number, lo = 0x80, hi = 0xbf) => j < bytes.length && bytes[j]! >= lo && bytes[j]! <= hi;
  if (b >= 0xc2 && b <= 0xdf) return cont(i + 1) ? 2 : 0;
  if (b === 0xe0) return cont(i + 1, 0xa0) && cont(i + 2) ? 3 : 0;
  if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) return cont(i + 1) && cont(i + 2) ? 3 : 0;
  if (b === 0xed) return cont(i + 1, 0x80, 0x9f) && cont(i + 2) ? 3 : 0;
  if (b === 0xf0) return cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  if (b >= 0xf1 && b <= 0xf3) return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  if (b === 0xf4) return cont(i + 1, 0x80, 0x8f) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  return 0;
}

/** Where the bytes are not UTF-8 (at most `max` places; consecutive bad bytes count once). */
export function invalidUtf8(bytes: Uint8Array, max: number = LIMITS.problems): InvalidByte[] {
  try {
    strict.decode(bytes);
    return [];
  } catch {
    // Found below, with their places.
  }
  const found: InvalidByte[] = [];
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < bytes.length && found.length < max;) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
    const n = sequenceLength(bytes, i);
    if (n > 0) {
      i += n;
      continue;
    }
    const column = lenient.decode(bytes.subarray(lineStart, i)).length + 1;
    found.push({ offset: i, byte: bytes[i]!, line, column });
    i++;
    while (i < bytes.length && sequenceLength(bytes, i) === 0 && bytes[i] !== 0x0a) i++;
  }
  return found;
}

export function describeInvalid(b: InvalidByte): string {
  const hex = b.byte.toString(16).toUpperCase().padStart(2, '0');
  return `is not valid UTF-8: byte 0x${hex} at line ${b.line}, column ${b.column}`;
}

/** Text of bytes known to be valid UTF-8 (or with U+FFFD where they are not), without a BOM. */
export function decodeText(bytes: Uint8Array): string {
  return lenient.decode(bytes).replace(/^\uFEFF/, '');
}

/** Line and column (from 1) of a byte offset. */
export function lineAndColumn(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: lenient.decode(bytes.subarray(lineStart, offset)).length + 1 };
}

interface Frame {
  array: boolean;
  index: number;
  key?: string;
  expectingKey: boolean;
}

export interface JsonPlace {
  /** JSONPath-like: `$.participants[3].name`. */
  path: string;
  /** The field inside its row (`name`, `attributes.note`), when the place is inside a row. */
  field?: string;
  depth: number;
}

function placeOf(stack: Frame[]): JsonPlace {
  let path = '$';
  for (const frame of stack) {
    if (frame.array) path += `[${frame.index}]`;
    else if (frame.key !== undefined)
      path += /^[A-Za-z_$][\w$]*$/.test(frame.key) ? `.${frame.key}` : `[${JSON.stringify(frame.key)}]`;
  }
  // The field inside a row or meta: `name`, `attributes.note` (without the indexes below it).
  const inRow = /^\$\.(?:[a-z]+\[\d+\]|meta)\.([^[]+)/.exec(path);
  return { path, field: inRow?.[1], depth: stack.length };
}

/**
 * Scans JSON bytes without building values, iteratively (any depth): the JSON path of the value at a byte
 * offset (`until`), or the first place where nesting exceeds `maxDepth`. Structural characters are ASCII
 * and never occur inside a multi-byte UTF-8 sequence, so the scan works on bytes that are not UTF-8 too.
 * Tolerant: on malformed input it still returns its best guess.
 */
export function scanJson(
  bytes: Uint8Array,
  options: { until?: number; maxDepth?: number },
): (JsonPlace & { offset: number; tooDeep: boolean }) | undefined {
  const stack: Frame[] = [];
  const until = options.until ?? Infinity;
  const maxDepth = options.maxDepth ?? Infinity;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 0x22) {
      // A string: up to the closing quote, skipping escapes.
      const start = i;
      let j = i + 1;
      while (j < bytes.length && bytes[j] !== 0x22) j += bytes[j] === 0x5c ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top && !top.array && top.expectingKey) {
        const rawKey = lenient.decode(bytes.subarray(start + 1, Math.min(j, bytes.length)));
        try {
          top.key = JSON.parse(`"${rawKey}"`) as string;
        } catch {
          top.key = rawKey;
        }
      }
      if (until >= start && until <= j) return { ...placeOf(stack), offset: start, tooDeep: false };
      i = j;
      continue;
    }
    if (i >= until) return { ...placeOf(stack), offset: i, tooDeep: false };
    const top = stack[stack.length - 1];
    if (c === 0x7b || c === 0x5b) {
      stack.push({ array: c === 0x5b, index: 0, expectingKey: c === 0x7b });
      if (stack.length > maxDepth) return { ...placeOf(stack.slice(0, -1)), offset: i, tooDeep: true };
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
    } else if (c === 0x3a && top && !top.array) {
      top.expectingKey = false;
    } else if (c === 0x2c && top) {
      if (top.array) top.index++;
      else {
        top.expectingKey = true;
        top.key = undefined;
      }
    }
  }
  return until === Infinity ? undefined : { ...placeOf(stack), offset: bytes.length, tooDeep: false };
}

/** The problems of JSON bytes that are not UTF-8, each with line, column, path and field. */
export function utf8Problems(bytes: Uint8Array, file: string, json: boolean): Problem[] {
  return invalidUtf8(bytes).map((b) => {
    const place = json ? scanJson(bytes, { until: b.offset }) : undefined;
    return {
      file,
      line: b.line,
      ...(place ? { path: place.path, field: place.field } : {}),
      message: describeInvalid(b),
    };
  });
}

/**
 * Parses JSON bytes into a value, or returns the problems that stop it: invalid UTF-8, nesting deeper than
 * LIMITS.jsonDepth, a syntax error (with line, column and path).
 */
export function parseJsonBytes(bytes: Uint8Array, file: string): { value?: unknown; problems: Problem[] } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  const bad = utf8Problems(bytes, file, true);
  if (bad.length > 0) return { problems: bad };
  const deep = scanJson(bytes, { maxDepth: LIMITS.jsonDepth });
  if (deep?.tooDeep) {
    const { line, column } = lineAndColumn(bytes, deep.offset);
    return {
      problems: [
        {
          file,
          line,
          path: deep.path,
          field: deep.field,
          message: `nests arrays and objects deeper than ${LIMITS.jsonDepth} levels (at line ${line}, column ${column})`,
        },
      ],
    };
  }
  const text = lenient.decode(bytes);
  try {
    return { value: JSON.parse(text), problems: [] };
  } catch (error) {
    // V8 names the position of some errors only; the recognizer below finds it for all.
    const found = firstSyntaxError(text);
    if (!found) {
      const message = (error as Error).message.replace(/\s+/g, ' ');
      return { problems: [{ file, message: `is not valid JSON: ${message}` }] };
    }
    const offset = Buffer.byteLength(text.slice(0, found.position));
    const { line, column } = lineAndColumn(bytes, offset);
    const place = scanJson(bytes, { until: offset });
    return {
      problems: [
        {
          file,
          line,
          path: place?.path,
          field: place?.field,
          message: `is not valid JSON at line ${line}, column ${column}: ${found.message}`,
        },
      ],
    };
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * The first JSON syntax error in a text, with its position and a description (undefined when the text is
 * JSON). Recursive: called only after the depth check, so the recursion is at most LIMITS.jsonDepth deep.
 */
export function firstSyntaxError(s: string): { position: number; message: string } | undefined {
  let i = 0;
  const fail = (expected: string): never => {
    const found = i >= s.length ? 'the end of the document' : JSON.stringify(s[i]);
    throw new SyntaxError(`expected ${expected}, found ${found}`);
  };
  const ws = () => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  };
  const string = () => {
    i++;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail('a closing quote (control characters must be escaped)');
      if (c === 0x5c) {
        i++;
        if (s[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5))) fail('four hex digits after \\u');
          i += 5;
        } else if (i < s.length && '"\\/bfnrt'.includes(s[i]!)) i++;
        else fail('an escape (\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t, \\u)');
      } else i++;
    }
    fail('a closing quote');
  };
  const value = (): void => {
    ws();
    const c = s[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (s[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          ws();
          if (s[i] !== '"') fail('a quoted property name');
          string();
          ws();
          if (s[i] !== ':') fail("':'");
          i++;
        }
        value();
        ws();
        if (s[i] === ',') i++;
        else if (s[i] === close) {
          i++;
          return;
        } else fail(`',' or '${close}'`);
      }
    }
    if (c === '"') return string();
    for (const literal of ['true', 'false', 'null']) {
      if (s.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    if (NUMBER.test(s)) {
      i = NUMBER.lastIndex;
      return;
    }
    fail('a value');
  };
  try {
    if (s.charCodeAt(0) === 0xfeff) i = 1;
    value();
    ws();
    if (i < s.length) fail('the end of the document');
    return undefined;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return { position: i, message: error.message };
  }
}
