// ROPE's messages (JSON-RPC 2.0 frames and error objects) live in ROPEWire,
// which has no networking dependency, so that fuzzers and other tools can
// parse them; users of ROPE see them as ROPE's own.
@_exported import ROPEWire
