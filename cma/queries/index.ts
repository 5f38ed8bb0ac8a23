/**
 * @packageDocumentation
 * cma/queries — named, parameterised Cypher questions shipped as `cma/queries/NAME.cypher` files (docs/queries.md):
 * the file format parser, the loader, parameter binding and the table formatter of `cma query`. Running a query
 * needs neo4j-driver and so lives in cma/store (`runReadQuery`).
 *
 * @example
 * ```ts
 * const catalogue = await loadQueries();
 * const query = findQuery(catalogue, 'watchers-of');
 * const params = bindParams(query, ['host=web-1'], Date.now());
 * const { columns, rows } = await runReadQuery(connection, query.cypher, params);
 * console.log(formatTable(columns, rows));
 * ```
 */
export { QUERY_ERROR_CODES, QueryError, type QueryErrorCode } from './errors.ts';
export { bindParams, convertParam, isParamType, PARAM_TYPES, type ParamType, type ParamValue, type QueryParam } from './params.ts';
export { parametersUsed, parseQueryFile, QUERY_NAME, type QueryDefinition } from './query-file.ts';
export { findQuery, loadQueries, SHIPPED_QUERIES_DIR, type QueryCatalogue } from './catalogue.ts';
export { catalogueJson, formatCatalogue, formatCell, formatTable, pickColumns, visibleColumns } from './format.ts';
export { dotString, nodeName, toDot } from './dot.ts';
