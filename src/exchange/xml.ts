/**
 * A strict XML pass (saxes) under the graph readers: well-formedness errors with their line and column,
 * and each element where it starts. Also the root element's name, for recognising a file by content.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { Problem } from '../errors.ts';

export interface XmlHandlers {
  open?: (tag: SaxesTagPlain, line: number) => void;
  close?: (name: string) => void;
  text?: (text: string) => void;
}

/** Parses `text`, calling the handlers; returns the first well-formedness problem, if any. */
export function scanXml(text: string, file: string, handlers: XmlHandlers): Problem | undefined {
  const parser = new SaxesParser({ position: true });
  let problem: Problem | undefined;
  let startLine = 1;
  parser.on('error', (error) => {
    // saxes prefixes its messages with line:column; the problem carries the line apart.
    const message = error.message.replace(/^[^:]*:\d+:\d+: /, '');
    problem ??= {
      file,
      line: parser.line,
      message: `is not well-formed XML: ${message} (column ${parser.column + 1})`,
    };
    throw problem;
  });
  parser.on('opentagstart', () => {
    startLine = parser.line;
  });
  parser.on('opentag', (tag) => handlers.open?.(tag as SaxesTagPlain, startLine));
  if (handlers.close) parser.on('closetag', (tag) => handlers.close!(tag.name));
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  try {
    parser.write(text).close();
  } catch (error) {
    if (error === problem) return problem;
    throw error;
  }
  return undefined;
}

/** The local name of the document's root element, read from its first few kilobytes (no full parse). */
export function rootElementName(text: string): string | undefined {
  const head = text
    .slice(0, 8192)
    .replace(/^\uFEFF/, '')
    .replace(/<\?[\s\S]*?\?>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/i, '');
  const match = /^\s*<([A-Za-z_][\w.:-]*)/.exec(head);
  return match ? match[1]!.split(':').pop() : undefined;
}

/** An element's local name (`viz:color` → `color`). */
export const localName = (name: string) => name.slice(name.indexOf(':') + 1);
