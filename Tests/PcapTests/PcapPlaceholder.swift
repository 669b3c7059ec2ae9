import Testing
@testable import Pcap
