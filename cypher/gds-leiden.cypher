CALL gds.leiden.mutate($graphName, $config) YIELD modularity
RETURN modularity
