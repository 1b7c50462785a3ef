type Tree = { [key: string]: string | Tree }

/**
 * One area's strings in every locale. The type makes `zh-CN` carry exactly the keys of `en`, so a
 * missing translation is a type error.
 */
export function defineMessages<T extends Tree>(m: { en: T; 'zh-CN': Shape<T> }): { en: T; 'zh-CN': Shape<T> } {
  return m
}

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> }
