CALL gds.kcore.stream($graphName, $config) YIELD nodeId, coreValue
RETURN gds.util.asNode(nodeId).id AS id, toFloat(coreValue) AS score
