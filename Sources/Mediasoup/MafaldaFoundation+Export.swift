// The contract speaks the foundation's JSON, events and error kinds: an
// application that imports Mediasoup sees them without a second import.
@_exported import MafaldaFoundation
