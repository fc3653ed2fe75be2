import { type ArgumentMetadata, Injectable, type PipeTransform, ValidationPipe } from '@nestjs/common';
import { WsParamtype } from '@nestjs/websockets/enums/ws-paramtype.enum.js';
import { badRequest, validationError } from './api-error.js';

/** Deeper than any real Podium input; deeper input would only exhaust the validator's recursion. */
export const MAX_INPUT_DEPTH = 16;

/** Keys no Podium input has, which naive code would read as an object's prototype. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The nesting depth of a parsed JSON value (measured without recursion: it may be very deep), and
 * the first prototype key found in it, if any.
 */
export function inspectInput(value: unknown, limit: number): { depth: number; prototypeKey: string | null } {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return { depth: deepest, prototypeKey: null };
    for (const key of Object.keys(current)) {
      if (PROTOTYPE_KEYS.has(key)) return { depth: deepest, prototypeKey: key };
      stack.push([(current as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return { depth: deepest, prototypeKey: null };
}

export function depthOf(value: unknown, limit: number): number {
  return inspectInput(value, limit).depth;
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
    // Only what a client sent (a REST body, query or parameter, a socket message's payload): a
    // connected socket, also handed to pipes, is deep by nature.
    const sent =
      metadata.type === 'body' ||
      metadata.type === 'query' ||
      metadata.type === 'param' ||
      (metadata.type as unknown) === WsParamtype.PAYLOAD;
    if (sent) {
      const { depth, prototypeKey } = inspectInput(value, MAX_INPUT_DEPTH);
      if (depth > MAX_INPUT_DEPTH) throw badRequest('too_deep', `the input is nested deeper than ${MAX_INPUT_DEPTH} levels`);
      if (prototypeKey) throw badRequest('forbidden_key', `the input has a key "${prototypeKey}", which no Podium input has`);
    }
    return this.validation.transform(value, metadata);
  }
}

export function createValidationPipe(): InputPipe {
  return new InputPipe();
}
