CALL gds.eigenvector.stream.estimate($graphName, $config) YIELD bytesMax
RETURN bytesMax
