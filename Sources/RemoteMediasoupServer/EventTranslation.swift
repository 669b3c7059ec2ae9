import Mediasoup
import RemoteMediasoupProtocol

// Every event of the contract as the wire names and carries it.

extension MediasoupObserverEvent {
    func forwarded(workerId: String) -> ForwardedEvent {
        switch self {
        case .newWorker(let worker): .new(wireName, .worker(worker, id: workerId))
        }
    }
}

extension WorkerEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .died(let error):
            .named(wireName, json: RemoteDiedEventData(error))
        case .subprocessClose:
            ForwardedEvent(
                name: wireName.rawValue, ends: true)
        }
    }
}

extension RemoteDiedEventData {
    init(_ error: any Error) {
        if let error = error as? any MediasoupContractError {
            self.init(kind: error.kind, message: error.message)
        } else {
            self.init(kind: .error, message: String(describing: error))
        }
    }
}

extension WorkerObserverEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .close: .close
        case .newWebRtcServer(let server): .new(wireName, .webRtcServer(server))
        case .newRouter(let router): .new(wireName, .router(router))
        }
    }
}

extension WebRtcServerEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .workerClose: .named(wireName)
        }
    }
}

extension WebRtcServerObserverEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .close: .close
        case .webRtcTransportHandled(let transport):
            ForwardedEvent(
                name: wireName.rawValue, payload: .object(.transport(transport)),
                listening: (transport.id, true))
        case .webRtcTransportUnhandled(let transport):
            ForwardedEvent(
                name: wireName.rawValue, payload: .object(.transport(transport)),
                listening: (transport.id, false))
        }
    }
}

extension RouterEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .workerClose: .named(wireName)
        }
    }
}

extension RouterObserverEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .close: .close
        case .newTransport(let transport): .new(wireName, .transport(transport))
        case .newRtpObserver(let rtpObserver): .new(wireName, .rtpObserver(rtpObserver))
        }
    }
}

extension TransportEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .routerClose: .named(wireName)
        case .listenServerClose: .named(wireName)
        case .trace(let trace): .named(wireName, json: trace)
        case .iceStateChange(let state): .named(wireName, json: state)
        case .iceSelectedTupleChange(let tuple): .named(wireName, json: tuple)
        case .dtlsStateChange(let state): .named(wireName, json: state)
        case .sctpStateChange(let state): .named(wireName, json: state)
        case .tuple(let tuple): .named(wireName, json: tuple)
        case .rtcpTuple(let tuple): .named(wireName, json: tuple)
        case .rtcp(let packet): .named(wireName, bytes: packet)
        }
    }
}

extension TransportObserverEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .close: .close
        case .newProducer(let producer): .new(wireName, .producer(producer))
        case .newConsumer(let consumer): .new(wireName, .consumer(consumer))
        case .newDataProducer(let dataProducer): .new(wireName, .dataProducer(dataProducer))
        case .newDataConsumer(let dataConsumer): .new(wireName, .dataConsumer(dataConsumer))
        case .trace(let trace): .named(wireName, json: trace)
        case .iceStateChange(let state): .named(wireName, json: state)
        case .iceSelectedTupleChange(let tuple): .named(wireName, json: tuple)
        case .dtlsStateChange(let state): .named(wireName, json: state)
        case .sctpStateChange(let state): .named(wireName, json: state)
        case .tuple(let tuple): .named(wireName, json: tuple)
        case .rtcpTuple(let tuple): .named(wireName, json: tuple)
        case .rtcp(let packet): .named(wireName, bytes: packet)
        }
    }
}

extension ProducerEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .transportClose: .named(wireName)
        case .score(let score): .named(wireName, json: score)
        case .videoOrientationChange(let orientation): .named(wireName, json: orientation)
        case .trace(let trace): .named(wireName, json: trace)
        }
    }
}

extension ProducerObserverEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .close: .close
        case .pause: .named(wireName)
        case .resume: .named(wireName)
        case .score(let score): .named(wireName, json: score)
        case .videoOrientationChange(let orientation): .named(wireName, json: orientation)
        case .trace(let trace): .named(wireName, json: trace)
        }
    }
}

extension ConsumerEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .transportClose: .named(wireName)
        case .producerClose: .named(wireName)
        case .producerPause: .named(wireName)
        case .producerResume: .named(wireName)
        case .score(let score): .named(wireName, json: score)
        case .layersChange(let layers): .named(wireName, .json(layers.map(wireJSON) ?? .null))
        case .trace(let trace): .named(wireName, json: trace)
        case .rtp(let packet): .named(wireName, bytes: packet)
        }
    }
}

extension ConsumerObserverEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .close: .close
        case .pause: .named(wireName)
        case .resume: .named(wireName)
        case .score(let score): .named(wireName, json: score)
        case .layersChange(let layers): .named(wireName, .json(layers.map(wireJSON) ?? .null))
        case .trace(let trace): .named(wireName, json: trace)
        }
    }
}

extension DataProducerEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .transportClose: .named(wireName)
        }
    }
}

extension DataObserverEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .close: .close
        case .pause: .named(wireName)
        case .resume: .named(wireName)
        }
    }
}

extension DataConsumerEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .transportClose: .named(wireName)
        case .dataProducerClose: .named(wireName)
        case .dataProducerPause: .named(wireName)
        case .dataProducerResume: .named(wireName)
        case .message(let message, let ppid):
            .named(wireName, json: RemoteMessageEventData(message: message, ppid: ppid))
        case .sctpSendBufferFull: .named(wireName)
        case .bufferedAmountLow(let bufferedAmount): .named(wireName, json: bufferedAmount)
        }
    }
}

extension RtpObserverEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .routerClose: .named(wireName)
        case .dominantSpeaker(let producer): .named(wireName, .dominantSpeaker(producer))
        case .volumes(let volumes): .named(wireName, .volumes(volumes))
        case .silence: .named(wireName)
        }
    }
}

extension RtpObserverObserverEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .close: .close
        case .pause: .named(wireName)
        case .resume: .named(wireName)
        case .addProducer(let producer): .named(wireName, .object(.producer(producer)))
        case .removeProducer(let producer): .named(wireName, .object(.producer(producer)))
        case .dominantSpeaker(let producer): .named(wireName, .dominantSpeaker(producer))
        case .volumes(let volumes): .named(wireName, .volumes(volumes))
        case .silence: .named(wireName)
        }
    }
}
