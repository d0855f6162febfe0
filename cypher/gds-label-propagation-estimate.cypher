CALL gds.labelPropagation.stream.estimate($graphName, $config) YIELD bytesMax
RETURN bytesMax
