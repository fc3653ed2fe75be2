import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, ValidateBy, ValidateIf } from 'class-validator';
import { isCalendarDate } from './calendar-date.js';
import { plainText } from './plain-text.js';

/**
 * A score, weight or range given as a decimal string ("8.5"). Strings, not JSON numbers, because
 * a JSON number is parsed as a binary float before any code can look at it.
 */
export function IsDecimalText(maxDecimals = 4, example = '8.5', options: { each?: boolean } = {}) {
  const form = new RegExp(`^(0|[1-9]\\d{0,5})(\\.\\d{1,${maxDecimals}})?$`);
  return applyDecorators(
    ApiProperty({ type: String, example, description: `decimal string, at most ${maxDecimals} decimals` }),
    // Its own kind (not "matches"), so that a client can say what a decimal must look like in its own words.
    ValidateBy(
      {
        name: 'isDecimalText',
        validator: {
          validate: (value) => typeof value === 'string' && form.test(value),
          defaultMessage: ({ property } = { property: 'value' } as never) =>
            `${property} must be a decimal string such as "${example}" (not a number, at most ${maxDecimals} decimals)`,
        },
      },
      options,
    ),
  );
}

/**
 * Text as Podium keeps it (see plainText), also each item of an array. With `identity` (units,
 * seats) it is also folded to NFKC: "红安县 ", "红<U+200B>安县" and "红安县" are one unit, so no
 * conflict of interest is dodged with look-alikes.
 */
export function PlainText(options: { identity?: boolean } = {}) {
  const clean = (value: unknown) => (typeof value === 'string' ? plainText(value, options.identity ?? false) : value);
  return Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map(clean) : clean(value)));
}

/**
 * May be left out, but not sent as null (class-validator's IsOptional lets null through, which
 * would reach NOT NULL columns).
 */
export function Optional() {
  return ValidateIf((_: object, value: unknown) => value !== undefined);
}

/** `a, b or c`, as a refusal names the allowed values. */
const alternatives = (values: readonly string[]) =>
  values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values.at(-1)}` : values.join('');

/** One of a contract's enumerations (src/contracts/enums.ts); a refusal names them all: `mode must be stage, round_board, standings or viewer_qr`. */
export const IsOneOf = (values: readonly string[], field: string, options: { each?: boolean } = {}) =>
  IsIn([...values], { message: `${field} must be ${alternatives(values)}`, ...options });

/** A calendar date written YYYY-MM-DD (2000-2099), a real one: 2026-02-30 is refused. */
export function IsDateText() {
  return applyDecorators(
    ApiProperty({ type: String, example: '2026-06-30', description: 'a calendar date, YYYY-MM-DD' }),
    ValidateBy({
      name: 'isDateText',
      validator: {
        validate: (value) => typeof value === 'string' && isCalendarDate(value),
        defaultMessage: ({ property } = { property: 'value' } as never) => `${property} must be a calendar date such as "2026-06-30"`,
      },
    }),
  );
}
