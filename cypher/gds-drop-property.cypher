CALL gds.graph.nodeProperties.drop($graphName, [$property], {failIfMissing: false}) YIELD propertiesRemoved
RETURN propertiesRemoved
