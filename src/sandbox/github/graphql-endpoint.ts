import {
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  Kind,
  TypeInfo,
  execute,
  getArgumentValues,
  getNamedType,
  getVariableValues,
  parse,
  validate,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { GitHubGraphQLError, MAX_NODES, MAX_PAGE, excessivePagination, missingBoundaries, nodeLimitExceeded } from './graphql-connection.js';
import { type GraphqlContext, QueryRoot } from './graphql-nodes.js';
import type { Answer } from './request-pipeline.js';

/** GitHub's error shape: `{type?, path?, locations?, message}`. */
function formatError(error: GraphQLError): Record<string, unknown> {
  const original = error.originalError;
  const type = original instanceof GitHubGraphQLError ? original.type : (error.extensions.type as string | undefined);
  return {
    ...(type ? { type } : {}),
    ...(error.path ? { path: error.path } : {}),
    ...(error.locations ? { locations: error.locations } : {}),
    message: error.message,
  };
}

function errorsOnly(errors: readonly GraphQLError[]): Answer {
  return { status: 200, body: { errors: errors.map(formatError) } };
}

/**
 * GitHub refuses a query whose connections lack `first`, ask for more than 100, or could return
 * more than 500,000 nodes, before it runs anything: the answer has errors and no data.
 * https://docs.github.com/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api#node-limit
 */
function paginationErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): GraphQLError[] {
  const errors: GraphQLError[] = [];
  const typeInfo = new TypeInfo(schema);
  const path: string[] = [operation.operation];
  // GitHub's node limit: the sum over connections of the product of `first`s down to them.
  const multipliers: number[] = [1];
  let nodes = 0;
  const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  for (const definition of [operation, ...fragments]) {
    visit(
      definition,
      visitWithTypeInfo(typeInfo, {
        Field: {
          enter(node) {
            path.push(node.alias?.value ?? node.name.value);
            const outer = multipliers.at(-1)!;
            multipliers.push(outer);
            const field = typeInfo.getFieldDef();
            if (!field || !getNamedType(field.type).name.endsWith('Connection') || !field.args.some((a) => a.name === 'first')) return;
            let args: Record<string, unknown>;
            try {
              args = getArgumentValues(field, node, variables);
            } catch {
              return; // execution reports bad arguments in GitHub's words
            }
            const first = args.first;
            if (typeof first !== 'number') {
              errors.push(missingBoundaries(field.name, { path: [...path], node }));
              return;
            }
            if (first > MAX_PAGE) {
              errors.push(excessivePagination(first, field.name, { path: [...path], node }));
              return;
            }
            multipliers[multipliers.length - 1] = outer * first;
            nodes += outer * first;
            if (nodes > MAX_NODES && !errors.some((e) => e.extensions.type === 'MAX_NODE_LIMIT_EXCEEDED')) {
              errors.push(nodeLimitExceeded(field.name, nodes, { path: [...path], node }));
            }
          },
          leave() {
            path.pop();
            multipliers.pop();
          },
        },
      }),
    );
  }
  return errors;
}

/** `POST /api/graphql`: parse, validate, check pagination, execute against the emulator's model. */
export function executeGraphql(schema: GraphQLSchema, ctx: GraphqlContext, body: unknown): Answer {
  const { query, variables, operationName } = (body ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
  if (typeof query !== 'string') {
    return { status: 200, body: { errors: [{ message: 'A query attribute must be specified and must be a string.' }] } };
  }
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return errorsOnly([error as GraphQLError]);
  }
  const validation = validate(schema, document);
  if (validation.length > 0) return errorsOnly(validation);

  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation =
    typeof operationName === 'string' ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  const inputs = typeof variables === 'object' && variables !== null ? (variables as Record<string, unknown>) : {};
  if (operation) {
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], inputs);
    if (coerced.errors) return errorsOnly(coerced.errors);
    const pagination = paginationErrors(schema, document, operation, coerced.coerced);
    if (pagination.length > 0) return errorsOnly(pagination);
  }

  const result = execute({
    schema,
    document,
    rootValue: new QueryRoot(ctx),
    contextValue: ctx,
    variableValues: inputs,
    ...(typeof operationName === 'string' ? { operationName } : {}),
  });
  if (result instanceof Promise) throw new Error('GitHubEmulator: resolvers are synchronous');
  return {
    status: 200,
    body: { ...(result.data !== undefined ? { data: result.data } : {}), ...(result.errors ? { errors: result.errors.map(formatError) } : {}) },
  };
}
