// The heap GDS may still use, in bytes (GDS's own figure, as its memory guard reads it).
CALL gds.debug.sysInfo() YIELD key, value
WITH key, value WHERE key = 'availableHeapInBytes'
RETURN value AS bytes
