import { BREAK, DocumentNode, Kind, OperationDefinitionNode, ValueNode, visit } from 'graphql';
import { BadInputError } from './errors';
import { nulMessage } from './text-rules';

/**
 * The first string in an operation's arguments that holds a NUL (U+0000), as a
 * BAD_USER_INPUT naming the argument ("filter.search", "input.participants[0].role").
 * Literals and variables are both looked at, in the operation and its fragments,
 * before anything runs: PostgreSQL cannot store a NUL, and a check deep in a
 * service would be one missed check away from an SQL error.
 */
/** The first string in a plain value (JSON, a query string) that holds a NUL, named by its path. */
export function nulInValue(value: unknown, path: string): BadInputError | null {
  if (typeof value === 'string') {
    const problem = nulMessage(value);
    return problem ? new BadInputError(path || 'input', problem) : null;
  }
  const at = (key: string | number) =>
    typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulInValue(value[i], at(i));
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = nulInValue(v, at(k));
      if (found) return found;
    }
  }
  return null;
}

export function nulInArguments(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): BadInputError | null {
  let found: BadInputError | null = null;
  const json = (value: unknown, path: string): void => {
    found ??= nulInValue(value, path);
  };
  const literal = (node: ValueNode, path: string): void => {
    if (found) return;
    switch (node.kind) {
      case Kind.STRING:
        json(node.value, path);
        break;
      case Kind.LIST:
        node.values.forEach((v, i) => literal(v, `${path}[${i}]`));
        break;
      case Kind.OBJECT:
        for (const f of node.fields) literal(f.value, `${path}.${f.name.value}`);
        break;
      case Kind.VARIABLE:
        json(variables?.[node.name.value], path);
        break;
      default:
    }
  };
  const definitions = [
    operation,
    ...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION),
  ];
  for (const definition of definitions)
    visit(definition, {
      Argument(node) {
        literal(node.value, node.name.value);
        return found ? BREAK : undefined;
      },
      // A default stands in for a variable the request leaves out.
      VariableDefinition(node) {
        if (node.defaultValue && variables?.[node.variable.name.value] === undefined)
          literal(node.defaultValue, `$${node.variable.name.value}`);
        return found ? BREAK : undefined;
      },
    });
  // A variable the operation declares but no argument uses never reaches a resolver.
  return found;
}
