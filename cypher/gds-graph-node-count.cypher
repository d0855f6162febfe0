CALL gds.graph.list($graphName) YIELD nodeCount
RETURN nodeCount
