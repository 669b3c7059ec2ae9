print("remote-mediasoup-server: not built yet")
