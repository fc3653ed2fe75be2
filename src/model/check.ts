/** `column IN ('a', 'b')` for a database check built from one of the contract's enumerations (src/contracts/enums.ts). */
export const sqlIn = (column: string, values: readonly string[]) => `${column} IN (${values.map((v) => `'${v}'`).join(', ')})`;

/** `column <@ ARRAY['a', 'b']`: every element of an array column is one of the enumeration's values. */
export const sqlSubset = (column: string, values: readonly string[]) =>
  `${column} <@ ARRAY[${values.map((v) => `'${v}'`).join(', ')}]::varchar[]`;
