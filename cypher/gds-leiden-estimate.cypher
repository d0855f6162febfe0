CALL gds.leiden.stream.estimate($graphName, $config) YIELD bytesMax
RETURN bytesMax
