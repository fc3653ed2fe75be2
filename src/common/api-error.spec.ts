import { BadRequestException } from '@nestjs/common';
import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { databaseUnreachable, toErrorBody, validationError } from './api-error.js';

describe('toErrorBody', () => {
  it('answers a database that cannot be reached with a retriable 503', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const shutdown = { message: 'terminating connection due to administrator command', driverError: { code: '57P01' } };
    for (const error of [refused, shutdown, new Error('Connection terminated unexpectedly')]) {
      expect(databaseUnreachable(error)).toBe(true);
      expect(toErrorBody(error)).toMatchObject({ statusCode: 503, code: 'database_unavailable' });
    }
  });

  it('counts a query runner whose connection died under it as an outage, not an internal error', () => {
    const closed = new Error('Client was closed and is not queryable');
    for (const error of [
      new QueryRunnerAlreadyReleasedError(),
      new QueryRunnerProviderAlreadyReleasedError(),
      closed,
      { message: 'failed', cause: closed },
    ]) {
      expect(toErrorBody(error)).toMatchObject({ statusCode: 503, code: 'database_unavailable' });
    }
  });

  it('answers a unique violation with 409 naming the constraint, never the SQL', () => {
    const body = toErrorBody({ query: 'INSERT INTO organizer …', driverError: { code: '23505', constraint: 'uq_organizer_username' } });
    expect(body).toEqual({ statusCode: 409, code: 'already_exists', message: 'this already exists (uq_organizer_username)' });
  });

  it('never leaks an unknown error', () => {
    expect(toErrorBody(new Error('SELECT secret FROM vault'))).toEqual({
      statusCode: 500,
      code: 'internal_error',
      message: 'internal error; the server log has the details',
    });
    expect(toErrorBody(new BadRequestException('bad'))).toMatchObject({ statusCode: 400, message: 'bad' });
  });

  it('names each invalid field with kinds a client can word in its own language', () => {
    const error = validationError([
      { property: 'weight', constraints: { isDecimalText: 'weight must be a decimal string such as "1"' }, children: [] },
      {
        property: 'rule',
        children: [
          {
            property: 'decimals',
            constraints: { isInt: 'decimals must be an integer', max: 'decimals must not be greater than 4' },
            children: [],
          },
        ],
      },
      { property: 'extra', constraints: { customCheck: 'no' }, children: [] },
    ]);
    expect(toErrorBody(error).fields).toEqual([
      { field: 'weight', problems: ['weight must be a decimal string such as "1"'], kinds: ['isDecimalText'] },
      { field: 'rule.decimals', problems: ['decimals must be an integer', 'decimals must not be greater than 4'], kinds: ['isInt', 'max'] },
      { field: 'extra', problems: ['no'], kinds: ['invalid'] },
    ]);
  });
});
