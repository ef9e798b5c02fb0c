import { describe, expect, it } from 'vitest';
import {
  QuantityError,
  compareQuantities,
  isZeroQuantity,
  parseQuantity,
  quantityToNumber,
  tryParseQuantity,
} from '../../src/model/quantity.js';

/** value as `mantissa e exponent`, normalised (trailing zeros folded into the exponent) */
function exact(text: string | number): string {
  const q = parseQuantity(text);
  let m = q.mantissa;
  let e = q.exponent;
  while (m !== 0n && m % 10n === 0n) {
    m /= 10n;
    e++;
  }
  return m === 0n ? '0' : `${m}e${e}`;
}

describe('parseQuantity (apimachinery resource.Quantity grammar)', () => {
  it('reads decimal SI suffixes, including n and u', () => {
    expect(exact('100m')).toBe('1e-1');
    expect(exact('2k')).toBe('2e3');
    expect(exact('1M')).toBe('1e6');
    expect(exact('3G')).toBe('3e9');
    expect(exact('5n')).toBe('5e-9');
    expect(exact('7u')).toBe('7e-6');
    expect(parseQuantity('1E').format).toBe('DecimalSI'); // a lone E is exa
    expect(exact('1E')).toBe('1e18');
  });

  it('reads binary SI suffixes exactly, fractions included', () => {
    expect(exact('1Ki')).toBe('1024e0');
    expect(parseQuantity('1.5Gi').mantissa * 10n ** BigInt(parseQuantity('1.5Gi').exponent + 1)).toBe(15n * 2n ** 30n);
    expect(quantityToNumber(parseQuantity('1.5Gi'))).toBe(1.5 * 2 ** 30);
    expect(parseQuantity('2Mi').format).toBe('BinarySI');
  });

  it('reads decimal exponents with either e or E and a signed integer', () => {
    expect(exact('1e3')).toBe('1e3');
    expect(exact('1E3')).toBe('1e3');
    expect(exact('12e-3')).toBe('12e-3');
    expect(exact('1e+2')).toBe('1e2');
    expect(parseQuantity('1e3').format).toBe('DecimalExponent');
  });

  it('reads every number form: digits, digits., .digits, signs', () => {
    expect(exact('5.')).toBe('5e0');
    expect(exact('.5')).toBe('5e-1');
    expect(exact('+1')).toBe('1e0');
    expect(exact('-0.25')).toBe('-25e-2');
    expect(exact('0')).toBe('0');
  });

  it('takes numbers as YAML and JSON give them', () => {
    expect(exact(2)).toBe('2e0');
    expect(exact(0.5)).toBe('5e-1');
    expect(exact(1e21)).toBe('1e21');
  });

  it('rejects what the API server rejects', () => {
    for (const bad of ['', ' 1', '1 ', '.', '-', 'k', 'Ki', '1K', '1KI', '1ki', '1e', '1.5.0', '1e3.5', '1Mi5', '1 Gi', '0x10', 'abc']) {
      expect(() => parseQuantity(bad), bad).toThrow(QuantityError);
      expect(tryParseQuantity(bad), bad).toBeUndefined();
    }
    expect(tryParseQuantity(undefined)).toBeUndefined();
    expect(tryParseQuantity({})).toBeUndefined();
  });
});

describe('compareQuantities', () => {
  const cmp = (a: string, b: string) => compareQuantities(parseQuantity(a), parseQuantity(b));
  it('compares across formats exactly', () => {
    expect(cmp('1000m', '1')).toBe(0);
    expect(cmp('1Ki', '1k')).toBe(1);
    expect(cmp('1024', '1Ki')).toBe(0);
    expect(cmp('0.1', '100m')).toBe(0);
    expect(cmp('1e3', '1k')).toBe(0);
    expect(cmp('999m', '1')).toBe(-1);
    expect(cmp('-1', '0')).toBe(-1);
    expect(cmp('-2', '-1')).toBe(-1);
  });

  it('compares huge exponents without building huge numbers', () => {
    expect(cmp('1e2000000000', '1E')).toBe(1);
    expect(cmp('1e-2000000000', '1n')).toBe(-1);
  });

  it('tells zero in any form', () => {
    expect(isZeroQuantity(parseQuantity('0'))).toBe(true);
    expect(isZeroQuantity(parseQuantity('0m'))).toBe(true);
    expect(isZeroQuantity(parseQuantity('0Gi'))).toBe(true);
    expect(isZeroQuantity(parseQuantity('1n'))).toBe(false);
  });
});
