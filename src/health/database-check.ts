import type { DataSource } from 'typeorm';

/** Whether the database answers a trivial query within two seconds. */
export function databaseAnswers(dataSource: DataSource): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), 2_000);
    }),
  ]).finally(() => clearTimeout(timer));
}
