CALL gds.graph.nodeProperty.stream($graphName, $property) YIELD nodeId, propertyValue
RETURN gds.util.asNode(nodeId).id AS id, propertyValue AS community
