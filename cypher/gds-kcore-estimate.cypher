CALL gds.kcore.stream.estimate($graphName, $config) YIELD bytesMax
RETURN bytesMax
