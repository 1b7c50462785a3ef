/** The roles every company has: the server names them in English, the web app in the page's language. */
const BUILT_IN = new Set(['owner', 'admin', 'member'])

/** Whether a role is one every company has (named in the page's language, not by the company). */
export const isBuiltInRole = (name: string): boolean => BUILT_IN.has(name)

/** What a role is known by: the server's role answers, or a name with whatever label is at hand. */
export interface RoleNaming {
  readonly name: string
  readonly label: string
  readonly builtIn?: boolean
}

/**
 * A role's name for people: owner, admin and member in the page's language (the server's label
 * for them is English, whatever the reader's language), a role the company made by its own label.
 */
export function roleLabel(role: RoleNaming, t: (key: string) => string): string {
  return (role.builtIn ?? isBuiltInRole(role.name)) ? t(`company.roles.${role.name}`) : role.label
}
