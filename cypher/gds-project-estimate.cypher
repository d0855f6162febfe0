// Memory for a projection of this many nodes and relationships with the two relationship properties.
CALL gds.graph.project.estimate('*', {R: {type: '*', properties: ['weight', 'cost']}}, {nodeCount: $nodeCount, relationshipCount: $relationshipCount})
YIELD bytesMax
RETURN bytesMax
