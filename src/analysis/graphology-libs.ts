/**
 * graphology's algorithm packages are CommonJS with `export default` typings; under NodeNext a default
 * import of them is typed as the module namespace although at run time it is the function. This module
 * imports them once and gives each its function type.
 */
import modularityModule from 'graphology-metrics/graph/modularity.js';
import louvainModule from 'graphology-communities-louvain';

export const modularity = modularityModule as unknown as typeof modularityModule.default;
export const louvain = louvainModule as unknown as typeof louvainModule.default;
