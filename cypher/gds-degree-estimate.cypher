CALL gds.degree.stream.estimate($graphName, $config) YIELD bytesMax
RETURN bytesMax
