CALL gds.louvain.stream.estimate($graphName, $config) YIELD bytesMax
RETURN bytesMax
