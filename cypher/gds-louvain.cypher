CALL gds.louvain.mutate($graphName, $config) YIELD modularity
RETURN modularity
