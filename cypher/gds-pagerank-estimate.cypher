CALL gds.pageRank.stream.estimate($graphName, $config) YIELD bytesMax
RETURN bytesMax
