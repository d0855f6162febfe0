CALL gds.betweenness.stream.estimate($graphName, $config) YIELD bytesMax
RETURN bytesMax
