// RTP and RTCP: sans-I/O parsing and serialisation (being written).
