/** Compile-time proof that a switch covered every member of a union. */
export const exhaustive = (value: never): never => {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
};
