import { describe, expect, it } from 'vitest';
import { OptionError } from '../../src/errors.js';
import { formatFactor, formatInteger, formatNumber, numberFormat } from '../../src/report/index.js';

describe('formatNumber, default (auto, 4 decimals)', () => {
  it.each([
    [0.17634, '0.1763'],
    [-1.94128, '-1.9413'],
    [0.0958, '0.0958'],
    [360, '360.0000'],
    [0, '0.0000'],
    [-0, '0.0000'], // negative zero has no sign
    [0.99995, '1.0000'], // the carry reaches the integer digit
    [-0.99995, '-1.0000'],
    [9.99995, '10.0000'],
    [1.00005, '1.0001'], // half away from zero on the decimal digits, not the binary expansion
    [0.00005, '0.0001'], // rounds up to a visible digit: no switch needed
  ])('%s -> %s', (x, text) => {
    expect(formatNumber(x)).toBe(text);
  });

  it.each([
    [3.1e-6, '3.1e-06'],
    [-3.1e-6, '-3.1e-06'],
    [0.0000499, '4.99e-05'],
    [0.000049999, '5e-05'], // significant rounding carries into the next digit
    [1.23456789e-9, '1.235e-09'],
  ])('a non-zero value that fixed decimals would hide switches notation: %s -> %s', (x, text) => {
    expect(formatNumber(x)).toBe(text);
  });

  it('no non-zero value ever prints as zero', () => {
    // deterministic spread of magnitudes from 1e-12 to 1e3, both signs
    for (let i = 0; i < 2000; i++) {
      const x = (i % 2 === 0 ? 1 : -1) * Math.pow(10, -12 + (15 * i) / 2000) * (1 + ((i * 7919) % 1000) / 1000);
      const text = formatNumber(x);
      expect(Number(text)).not.toBe(0);
      expect(Math.sign(Number(text))).toBe(Math.sign(x));
    }
  });

  it('rounds on the shortest decimal digits, so 2.675 and 1.005 round up (toFixed would not)', () => {
    expect((2.675).toFixed(2)).toBe('2.67'); // the binary artefact this guards against
    expect(formatNumber(2.675, { digits: 2 })).toBe('2.68');
    expect(formatNumber(1.005, { digits: 2 })).toBe('1.01');
  });

  it('missing and infinite values', () => {
    expect(formatNumber(NaN)).toBe('\u2014');
    expect(formatNumber(null)).toBe('\u2014');
    expect(formatNumber(undefined)).toBe('\u2014');
    expect(formatNumber(NaN, { missing: '' })).toBe('');
    expect(formatNumber(Infinity)).toBe('Inf');
    expect(formatNumber(-Infinity)).toBe('-Inf');
  });
});

describe('formatNumber, other modes', () => {
  it("'fixed' is literal: a tiny value prints as zero, but never as -0.0000", () => {
    expect(formatNumber(3.1e-6, { format: 'fixed' })).toBe('0.0000');
    expect(formatNumber(-3.1e-6, { format: 'fixed' })).toBe('0.0000');
    expect(formatNumber(-0.4, { format: 'fixed', digits: 0 })).toBe('0');
    expect(formatNumber(0.5, { format: 'fixed', digits: 0 })).toBe('1');
    expect(formatNumber(-0.5, { format: 'fixed', digits: 0 })).toBe('-1');
  });

  it.each([
    [12509.3, '12509.3'], // integer digits are never rounded away, and one decimal stays
    [2014.5, '2014.5'], // the mean of 2009..2020 (Table 1), not 2015
    [2015, '2015'],
    [0.226, '0.226'],
    [0.18, '0.18'], // trailing zeros dropped
    [0.000117, '0.000117'],
    [9.99996e-5, '0.0001'], // rounding lifts it out of the scientific range
    [9.99995e-6, '1e-05'],
    [1.23456e20, '1.235e+20'],
    [-7875.4, '-7875.4'],
    [0, '0'],
  ])("'significant' (4 digits): %s -> %s", (x, text) => {
    expect(formatNumber(x, { format: 'significant' })).toBe(text);
  });

  it('significant digits are configurable', () => {
    expect(formatNumber(3.14159e-6, { significant: 2 })).toBe('3.1e-06');
    expect(formatNumber(0.123456, { format: 'significant', significant: 2 })).toBe('0.12');
  });

  it('digits are configurable', () => {
    expect(formatNumber(0.17634, { digits: 3 })).toBe('0.176');
    expect(formatNumber(0.17634, { digits: 0, format: 'fixed' })).toBe('0');
    expect(formatNumber(0.17634, { digits: 0 })).toBe('0.1763'); // auto: 0 decimals would hide it
    expect(formatNumber(12.6, { digits: 0 })).toBe('13');
  });
});

describe('formatInteger', () => {
  it.each([
    [360, '360'],
    [1234567, '1,234,567'],
    [-1234, '-1,234'],
    [1000, '1,000'],
    [999.5, '1,000'],
    [-0.4, '0'],
  ])('%s -> %s', (x, text) => {
    expect(formatInteger(x)).toBe(text);
  });

  it('thousands separators can be turned off; missing as configured', () => {
    expect(formatInteger(1234567, { thousands: false })).toBe('1234567');
    expect(formatInteger(NaN)).toBe('\u2014');
    expect(formatInteger(null, { missing: '' })).toBe('');
  });
});

describe('formatFactor', () => {
  it.each([
    [1e4, '1e4'],
    [1000, '1e3'],
    [100, '100'],
    [0.001, '1e-3'],
    [2.5, '2.5'],
    [1e6, '1e6'],
  ])('%s -> %s', (k, text) => {
    expect(formatFactor(k)).toBe(text);
  });
});

describe('numberFormat validation', () => {
  it('fills defaults', () => {
    expect(numberFormat()).toEqual({ digits: 4, format: 'auto', significant: 4, thousands: true, missing: '\u2014' });
  });

  it.each([
    [{ digits: -1 }, /digits: expected an integer from 0 to 15; got -1/],
    [{ digits: 2.5 }, /digits/],
    [{ significant: 0 }, /significant: expected an integer from 1 to 17/],
    [{ format: 'sci' }, /format: expected one of 'fixed', 'significant', 'auto'; got 'sci'/],
    [{ thousands: 'yes' }, /thousands: expected true or false/],
    [{ missing: 0 }, /missing: expected a string/],
  ])('%o is rejected with a message that says what was expected', (options, message) => {
    expect(() => formatNumber(1, options as never)).toThrow(OptionError);
    expect(() => formatNumber(1, options as never)).toThrow(message);
  });
});
