CALL gds.closeness.harmonic.stream($graphName, $config) YIELD nodeId, score
RETURN gds.util.asNode(nodeId).id AS id, score
