import { type ArgumentMetadata, Injectable, type PipeTransform, ValidationPipe } from '@nestjs/common';
import { badRequest, validationError } from './api-error.js';

/** Deeper than any real Podium input; deeper input would only exhaust the validator's recursion. */
export const MAX_INPUT_DEPTH = 16;

/** The nesting depth of a parsed JSON value, measured without recursion (it may be very deep). */
export function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(current as object)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * One validation policy for REST bodies and socket payloads: absurdly deep input is refused
 * first, then class-validator checks the DTO, refusing unknown fields rather than dropping them.
 */
@Injectable()
export class InputPipe implements PipeTransform {
  private readonly validation = new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: validationError,
  });

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // Only what a client sent: a connected socket, also handed to pipes, is deep by nature.
    const sent = metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param';
    if (sent && depthOf(value, MAX_INPUT_DEPTH) > MAX_INPUT_DEPTH) throw badRequest('too_deep', `the input is nested deeper than ${MAX_INPUT_DEPTH} levels`);
    return this.validation.transform(value, metadata);
  }
}

export function createValidationPipe(): InputPipe {
  return new InputPipe();
}
