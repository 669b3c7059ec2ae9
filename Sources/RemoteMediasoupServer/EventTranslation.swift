import Mediasoup
import RemoteMediasoupProtocol

// Every event of the contract as the wire names and carries it.

extension MediasoupObserverEvent {
    func forwarded(workerId: String) -> ForwardedEvent {
        switch self {
        case .newWorker(let worker): .new(RemoteEventName.newWorker, .worker(worker, id: workerId))
        }
    }
}

extension WorkerEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .died(let error):
            .named(RemoteEventName.died, json: RemoteDiedEventData(error))
        case .subprocessClose:
            ForwardedEvent(name: RemoteEventName.subprocessClose, ends: true)
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
        case .newWebRtcServer(let server): .new(RemoteEventName.newWebRtcServer, .webRtcServer(server))
        case .newRouter(let router): .new(RemoteEventName.newRouter, .router(router))
        }
    }
}

extension WebRtcServerEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .workerClose: .named(RemoteEventName.workerClose)
        }
    }
}

extension WebRtcServerObserverEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .close: .close
        case .webRtcTransportHandled(let transport):
            ForwardedEvent(
                name: RemoteEventName.webRtcTransportHandled, payload: .object(.transport(transport)),
                listening: (transport.id, true))
        case .webRtcTransportUnhandled(let transport):
            ForwardedEvent(
                name: RemoteEventName.webRtcTransportUnhandled, payload: .object(.transport(transport)),
                listening: (transport.id, false))
        }
    }
}

extension RouterEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .workerClose: .named(RemoteEventName.workerClose)
        }
    }
}

extension RouterObserverEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .close: .close
        case .newTransport(let transport): .new(RemoteEventName.newTransport, .transport(transport))
        case .newRtpObserver(let rtpObserver): .new(RemoteEventName.newRtpObserver, .rtpObserver(rtpObserver))
        }
    }
}

extension TransportEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .routerClose: .named(RemoteEventName.routerClose)
        case .listenServerClose: .named(RemoteEventName.listenServerClose)
        case .trace(let trace): .named(RemoteEventName.trace, json: trace)
        case .iceStateChange(let state): .named(RemoteEventName.iceStateChange, json: state)
        case .iceSelectedTupleChange(let tuple): .named(RemoteEventName.iceSelectedTupleChange, json: tuple)
        case .dtlsStateChange(let state): .named(RemoteEventName.dtlsStateChange, json: state)
        case .sctpStateChange(let state): .named(RemoteEventName.sctpStateChange, json: state)
        case .tuple(let tuple): .named(RemoteEventName.tuple, json: tuple)
        case .rtcpTuple(let tuple): .named(RemoteEventName.rtcpTuple, json: tuple)
        case .rtcp(let packet): .named(RemoteEventName.rtcp, bytes: packet)
        }
    }
}

extension TransportObserverEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .close: .close
        case .newProducer(let producer): .new(RemoteEventName.newProducer, .producer(producer))
        case .newConsumer(let consumer): .new(RemoteEventName.newConsumer, .consumer(consumer))
        case .newDataProducer(let dataProducer): .new(RemoteEventName.newDataProducer, .dataProducer(dataProducer))
        case .newDataConsumer(let dataConsumer): .new(RemoteEventName.newDataConsumer, .dataConsumer(dataConsumer))
        case .trace(let trace): .named(RemoteEventName.trace, json: trace)
        case .iceStateChange(let state): .named(RemoteEventName.iceStateChange, json: state)
        case .iceSelectedTupleChange(let tuple): .named(RemoteEventName.iceSelectedTupleChange, json: tuple)
        case .dtlsStateChange(let state): .named(RemoteEventName.dtlsStateChange, json: state)
        case .sctpStateChange(let state): .named(RemoteEventName.sctpStateChange, json: state)
        case .tuple(let tuple): .named(RemoteEventName.tuple, json: tuple)
        case .rtcpTuple(let tuple): .named(RemoteEventName.rtcpTuple, json: tuple)
        case .rtcp(let packet): .named(RemoteEventName.rtcp, bytes: packet)
        }
    }
}

extension ProducerEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .transportClose: .named(RemoteEventName.transportClose)
        case .score(let score): .named(RemoteEventName.score, json: score)
        case .videoOrientationChange(let orientation): .named(RemoteEventName.videoOrientationChange, json: orientation)
        case .trace(let trace): .named(RemoteEventName.trace, json: trace)
        }
    }
}

extension ProducerObserverEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .close: .close
        case .pause: .named(RemoteEventName.pause)
        case .resume: .named(RemoteEventName.resume)
        case .score(let score): .named(RemoteEventName.score, json: score)
        case .videoOrientationChange(let orientation): .named(RemoteEventName.videoOrientationChange, json: orientation)
        case .trace(let trace): .named(RemoteEventName.trace, json: trace)
        }
    }
}

extension ConsumerEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .transportClose: .named(RemoteEventName.transportClose)
        case .producerClose: .named(RemoteEventName.producerClose)
        case .producerPause: .named(RemoteEventName.producerPause)
        case .producerResume: .named(RemoteEventName.producerResume)
        case .score(let score): .named(RemoteEventName.score, json: score)
        case .layersChange(let layers): .named(RemoteEventName.layersChange, .json(layers.map(wireJSON) ?? .null))
        case .trace(let trace): .named(RemoteEventName.trace, json: trace)
        case .rtp(let packet): .named(RemoteEventName.rtp, bytes: packet)
        }
    }
}

extension ConsumerObserverEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .close: .close
        case .pause: .named(RemoteEventName.pause)
        case .resume: .named(RemoteEventName.resume)
        case .score(let score): .named(RemoteEventName.score, json: score)
        case .layersChange(let layers): .named(RemoteEventName.layersChange, .json(layers.map(wireJSON) ?? .null))
        case .trace(let trace): .named(RemoteEventName.trace, json: trace)
        }
    }
}

extension DataProducerEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .transportClose: .named(RemoteEventName.transportClose)
        }
    }
}

extension DataObserverEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .close: .close
        case .pause: .named(RemoteEventName.pause)
        case .resume: .named(RemoteEventName.resume)
        }
    }
}

extension DataConsumerEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .transportClose: .named(RemoteEventName.transportClose)
        case .dataProducerClose: .named(RemoteEventName.dataProducerClose)
        case .dataProducerPause: .named(RemoteEventName.dataProducerPause)
        case .dataProducerResume: .named(RemoteEventName.dataProducerResume)
        case .message(let message, let ppid):
            .named(RemoteEventName.message, json: RemoteMessageEventData(message: message, ppid: ppid))
        case .sctpSendBufferFull: .named(RemoteEventName.sctpSendBufferFull)
        case .bufferedAmountLow(let bufferedAmount): .named(RemoteEventName.bufferedAmountLow, json: bufferedAmount)
        }
    }
}

extension RtpObserverEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .routerClose: .named(RemoteEventName.routerClose)
        case .dominantSpeaker(let producer): .named(RemoteEventName.dominantSpeaker, .dominantSpeaker(producer))
        case .volumes(let volumes): .named(RemoteEventName.volumes, .volumes(volumes))
        case .silence: .named(RemoteEventName.silence)
        }
    }
}

extension RtpObserverObserverEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .close: .close
        case .pause: .named(RemoteEventName.pause)
        case .resume: .named(RemoteEventName.resume)
        case .addProducer(let producer): .named(RemoteEventName.addProducer, .object(.producer(producer)))
        case .removeProducer(let producer): .named(RemoteEventName.removeProducer, .object(.producer(producer)))
        case .dominantSpeaker(let producer): .named(RemoteEventName.dominantSpeaker, .dominantSpeaker(producer))
        case .volumes(let volumes): .named(RemoteEventName.volumes, .volumes(volumes))
        case .silence: .named(RemoteEventName.silence)
        }
    }
}
