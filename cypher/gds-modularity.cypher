CALL gds.modularity.stats($graphName, $config) YIELD modularity
RETURN modularity
