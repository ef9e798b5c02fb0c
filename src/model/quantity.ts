/**
 * Kubernetes resource quantities (`resource.Quantity`: `100m`, `1.5Gi`, `2e3`), parsed exactly.
 *
 * Grammar (k8s.io/apimachinery/pkg/api/resource/quantity.go, "The serialization format is"):
 *
 *   <quantity>        ::= <signedNumber><suffix>
 *   <signedNumber>    ::= <number> | <sign><number>
 *   <sign>            ::= "+" | "-"
 *   <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits>
 *   <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI>
 *   <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei
 *   <decimalSI>       ::= n | u | m | "" | k | M | G | T | P | E
 *   <decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber>
 *
 * Suffixes are case-sensitive (`1K` is invalid, `1k` is 1000). A lone `E` is the exa suffix;
 * `E` followed by an integer is an exponent (`1E3` = 1000). npm has no maintained parser that
 * follows this grammar (the one in @kubernetes/client-node rejects `1.5Gi` and exponents), so
 * this is a small one. The value is kept as `mantissa × 10^exponent` with a bigint mantissa,
 * so `0.1` and `1.5Gi` are exact and comparisons never round.
 */

/** How the quantity was written, as apimachinery's `Format` names it. */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** An exact quantity: its value is `mantissa × 10^exponent`. */
export interface Quantity {
  mantissa: bigint;
  exponent: number;
  format: QuantityFormat;
  /** The text it was parsed from. */
  text: string;
}

/** Thrown by `parseQuantity` for text the API server would reject. */
export class QuantityError extends Error {}

const DECIMAL_SI: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SI: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/;
const EXPONENT = /^[eE]([+-]?\d+)$/;
/** apimachinery keeps the exponent in an int32. */
const MAX_EXPONENT = 2 ** 31 - 1;

/**
 * Parse a quantity. Accepts a string, or a number as YAML and JSON give it (`cpu: 2`, `cpu: 0.5`),
 * which the API server also accepts.
 *
 * @throws QuantityError when the text does not follow the grammar above (empty, spaces, unknown
 *   suffix such as `1K`, `1.5.0`, a non-integer exponent).
 */
export function parseQuantity(input: string | number): Quantity {
  const text = typeof input === 'number' ? numberText(input) : input;
  if (typeof text !== 'string') throw new QuantityError(`not a quantity: ${String(input)}`);
  const match = NUMBER.exec(text);
  if (!match) throw new QuantityError(`not a quantity: "${text}"`);
  const [, sign, whole, fraction = '', suffix] = match;
  if (whole === '' && fraction === '') throw new QuantityError(`not a quantity: "${text}" (no digits)`);
  let mantissa = BigInt(`${whole}${fraction}` || '0');
  if (sign === '-') mantissa = -mantissa;
  let exponent = -fraction.length;
  let format: QuantityFormat;
  if (suffix in DECIMAL_SI) {
    exponent += DECIMAL_SI[suffix];
    format = 'DecimalSI';
  } else if (suffix in BINARY_SI) {
    mantissa *= 1n << BigInt(BINARY_SI[suffix]);
    format = 'BinarySI';
  } else {
    const exp = EXPONENT.exec(suffix);
    if (!exp) throw new QuantityError(`not a quantity: "${text}" (unknown suffix "${suffix}")`);
    const value = Number(exp[1]);
    if (!Number.isSafeInteger(value) || Math.abs(value) > MAX_EXPONENT)
      throw new QuantityError(`not a quantity: "${text}" (exponent out of range)`);
    exponent += value;
    format = 'DecimalExponent';
  }
  return { mantissa, exponent, format, text };
}

/** `parseQuantity`, but undefined instead of an error: for checks, which never throw on bad data. */
export function tryParseQuantity(input: unknown): Quantity | undefined {
  if (typeof input !== 'string' && typeof input !== 'number') return undefined;
  try {
    return parseQuantity(input);
  } catch {
    return undefined;
  }
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. Exact. */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const sa = sign(a.mantissa);
  const sb = sign(b.mantissa);
  if (sa !== sb || sa === 0) return sa < sb ? -1 : sa > sb ? 1 : 0;
  // Same sign: compare magnitudes by order of magnitude first, so `1e2000000000` never builds a huge bigint.
  const ma = magnitude(a);
  const mb = magnitude(b);
  if (Math.abs(ma - mb) > 1) return (ma < mb ? -sa : sa) as -1 | 1;
  const low = Math.min(a.exponent, b.exponent);
  const va = a.mantissa * 10n ** BigInt(a.exponent - low);
  const vb = b.mantissa * 10n ** BigInt(b.exponent - low);
  return va < vb ? -1 : va > vb ? 1 : 0;
}

export function isZeroQuantity(q: Quantity): boolean {
  return q.mantissa === 0n;
}

/** The value as a JavaScript number (rounded; Infinity past ~1.8e308): for display and scores, never for equality. */
export function quantityToNumber(q: Quantity): number {
  return Number(q.mantissa) * 10 ** q.exponent;
}

function sign(n: bigint): -1 | 0 | 1 {
  return n < 0n ? -1 : n > 0n ? 1 : 0;
}

/** Number of digits of the mantissa plus the exponent: the decimal order of magnitude, ±1. */
function magnitude(q: Quantity): number {
  const digits = (q.mantissa < 0n ? -q.mantissa : q.mantissa).toString().length;
  return digits + q.exponent;
}

/** A JSON/YAML number as quantity text: `0.5` -> "0.5", `1e21` -> "1e+21" (an exponent with a sign is valid). */
function numberText(n: number): string | undefined {
  return Number.isFinite(n) ? String(n) : undefined;
}
