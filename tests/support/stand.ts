/**
 * A stand-in handed to an area when it is built, whose part a test plays now with one object and
 * later with another (a journey started mid-test, a registry that goes down then comes back).
 */
export interface Stand<T extends object> {
  /** What the area holds: every property is read from whatever plays the part now. */
  readonly face: T;
  use(actual: T): void;
}

export function stand<T extends object>(initial: T): Stand<T> {
  let actual = initial;
  const face = new Proxy({} as T, {
    get: (_target, key) => {
      const v: unknown = Reflect.get(actual, key);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(actual) : v;
    },
    has: (_target, key) => Reflect.has(actual, key),
  });
  return { face, use: (a) => void (actual = a) };
}
