// Reading pcap captures with libpcap (being written).
