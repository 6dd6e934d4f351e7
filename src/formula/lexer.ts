/**
 * Tokens of the formula language and a cursor over them. Whitespace only separates tokens; names follow
 * R's rules loosely (letters, digits, '.', '_'; not starting with a digit).
 */
import { FormulaError } from '../errors.js';

/** One token; `text` is exactly as written, `pos` its 0-based offset. */
export interface Token {
  kind: 'name' | 'number' | 'string' | 'symbol' | 'end';
  text: string;
  pos: number;
}

const SYMBOLS = '~|+-*/^:(),=[]';
const NAME_START = /[A-Za-z_.]/;
const NAME_REST = /[A-Za-z0-9_.]/;
// R numerals: 12, 1.5, .5, 1., 1e-3 (a leading '.' followed by a digit is a number, not a name).
const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;

/**
 * Splits a formula into tokens, ending with one `'end'` token.
 *
 * @example
 * tokenize('y ~ log(x)').map((t) => t.text); // ['y', '~', 'log', '(', 'x', ')', '']
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (/\d/.test(ch) || (ch === '.' && /\d/.test(text[i + 1] ?? ''))) {
      const match = NUMBER.exec(text.slice(i))!;
      tokens.push({ kind: 'number', text: match[0], pos: i });
      i += match[0].length;
    } else if (NAME_START.test(ch)) {
      const start = i;
      while (i < text.length && NAME_REST.test(text[i])) i++;
      tokens.push({ kind: 'name', text: text.slice(start, i), pos: start });
    } else if (ch === '"' || ch === "'") {
      const close = text.indexOf(ch, i + 1);
      if (close < 0) {
        throw new FormulaError(`unterminated string: expected a closing ${ch}`, text, i);
      }
      tokens.push({ kind: 'string', text: text.slice(i + 1, close), pos: i });
      i = close + 1;
    } else if (SYMBOLS.includes(ch)) {
      tokens.push({ kind: 'symbol', text: ch, pos: i });
      i++;
    } else {
      throw new FormulaError(
        `unexpected character '${ch}'; a formula uses names, numbers and ~ | + - * / ^ : ( ) [ ] , =`,
        text,
        i,
      );
    }
  }
  tokens.push({ kind: 'end', text: '', pos: text.length });
  return tokens;
}

/** How a token reads in an error message. */
export function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the formula';
    case 'number':
      return `the number '${token.text}'`;
    case 'string':
      return `the string "${token.text}"`;
    default:
      return `'${token.text}'`;
  }
}

/**
 * A read position in the token list, with the formula text at hand for errors.
 *
 * @example
 * const c = new Cursor('y ~ x');
 * c.next().text; // 'y'
 * c.isSymbol('~'); // true
 */
export class Cursor {
  readonly tokens: Token[];
  private index = 0;

  constructor(readonly text: string) {
    this.tokens = tokenize(text);
  }

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  /** The token just consumed (for messages such as "expected a term after '+'"). */
  previous(): Token {
    return this.tokens[Math.max(this.index - 1, 0)];
  }

  isSymbol(symbol: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'symbol' && token.text === symbol;
  }

  /** Consumes the symbol if it is next. */
  accept(symbol: string): boolean {
    if (!this.isSymbol(symbol)) return false;
    this.index++;
    return true;
  }

  /**
   * Consumes the ')' matching the '(' at `openPos`; an unclosed '(' is reported where it opened.
   * `what` names the opening in messages, e.g. `'log('`.
   */
  close(openPos: number, what: string): void {
    if (this.accept(')')) return;
    const token = this.peek();
    if (token.kind === 'end') {
      this.fail(`unbalanced parentheses: ${what} is never closed; add ')'`, openPos);
    }
    this.fail(`expected ')' to close ${what}, got ${describe(token)}`, token.pos);
  }

  fail(message: string, pos: number): never {
    throw new FormulaError(message, this.text, pos);
  }
}
