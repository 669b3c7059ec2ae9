import Mediasoup
