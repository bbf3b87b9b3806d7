// mailparser, loaded on the first message parsed rather than at start: with
// html-to-text, htmlparser2 and their entity tables it is the heaviest module
// the core requires (about a third of a second of a cold start, measured by
// `npm run bench today`), and a start from the cache parses no message.
import type { ParsedMail, SimpleParserOptions, Source } from 'mailparser';

let loading: Promise<typeof import('mailparser')> | null = null;

export async function simpleParser(source: Source, options?: SimpleParserOptions): Promise<ParsedMail> {
  loading ??= import('mailparser');
  return (await loading).simpleParser(source, options);
}
