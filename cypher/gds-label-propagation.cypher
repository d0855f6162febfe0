CALL gds.labelPropagation.mutate($graphName, $config) YIELD communityCount
RETURN null AS modularity
