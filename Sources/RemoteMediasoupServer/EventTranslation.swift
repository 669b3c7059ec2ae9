import Mediasoup
import RemoteMediasoupProtocol

// Every event of the contract as the wire names (RemoteEventNames) and carries it.

extension MediasoupObserverEvent {
    func forwarded(workerId: String) -> ForwardedEvent {
        switch self {
        case .newWorker(let worker): .new(MediasoupObserverEventName.newWorker, .worker(worker, id: workerId))
        }
    }
}

extension WorkerEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .died(let error):
            .named(WorkerEventName.died, json: RemoteDiedEventData(error))
        case .subprocessClose:
            ForwardedEvent(name: WorkerEventName.subprocessClose.rawValue, ends: true)
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
        case .newWebRtcServer(let server): .new(WorkerObserverEventName.newWebRtcServer, .webRtcServer(server))
        case .newRouter(let router): .new(WorkerObserverEventName.newRouter, .router(router))
        }
    }
}

extension WebRtcServerEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .workerClose: .named(WebRtcServerEventName.workerClose)
        }
    }
}

extension WebRtcServerObserverEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .close: .close
        case .webRtcTransportHandled(let transport):
            ForwardedEvent(
                name: WebRtcServerObserverEventName.webRtcTransportHandled.rawValue,
                payload: .object(.transport(transport)), listening: (transport.id, true))
        case .webRtcTransportUnhandled(let transport):
            ForwardedEvent(
                name: WebRtcServerObserverEventName.webRtcTransportUnhandled.rawValue,
                payload: .object(.transport(transport)), listening: (transport.id, false))
        }
    }
}

extension RouterEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .workerClose: .named(RouterEventName.workerClose)
        }
    }
}

extension RouterObserverEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .close: .close
        case .newTransport(let transport): .new(RouterObserverEventName.newTransport, .transport(transport))
        case .newRtpObserver(let rtpObserver): .new(RouterObserverEventName.newRtpObserver, .rtpObserver(rtpObserver))
        }
    }
}

extension TransportEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .routerClose: .named(TransportEventName.routerClose)
        case .listenServerClose: .named(TransportEventName.listenServerClose)
        case .trace(let trace): .named(TransportEventName.trace, json: trace)
        case .iceStateChange(let state): .named(TransportEventName.iceStateChange, json: state)
        case .iceSelectedTupleChange(let tuple): .named(TransportEventName.iceSelectedTupleChange, json: tuple)
        case .dtlsStateChange(let state): .named(TransportEventName.dtlsStateChange, json: state)
        case .sctpStateChange(let state): .named(TransportEventName.sctpStateChange, json: state)
        case .tuple(let tuple): .named(TransportEventName.tuple, json: tuple)
        case .rtcpTuple(let tuple): .named(TransportEventName.rtcpTuple, json: tuple)
        case .rtcp(let packet): .named(TransportEventName.rtcp, bytes: packet)
        }
    }
}

extension TransportObserverEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .close: .close
        case .newProducer(let producer): .new(TransportObserverEventName.newProducer, .producer(producer))
        case .newConsumer(let consumer): .new(TransportObserverEventName.newConsumer, .consumer(consumer))
        case .newDataProducer(let dataProducer):
            .new(TransportObserverEventName.newDataProducer, .dataProducer(dataProducer))
        case .newDataConsumer(let dataConsumer):
            .new(TransportObserverEventName.newDataConsumer, .dataConsumer(dataConsumer))
        case .trace(let trace): .named(TransportObserverEventName.trace, json: trace)
        case .iceStateChange(let state): .named(TransportObserverEventName.iceStateChange, json: state)
        case .iceSelectedTupleChange(let tuple): .named(TransportObserverEventName.iceSelectedTupleChange, json: tuple)
        case .dtlsStateChange(let state): .named(TransportObserverEventName.dtlsStateChange, json: state)
        case .sctpStateChange(let state): .named(TransportObserverEventName.sctpStateChange, json: state)
        case .tuple(let tuple): .named(TransportObserverEventName.tuple, json: tuple)
        case .rtcpTuple(let tuple): .named(TransportObserverEventName.rtcpTuple, json: tuple)
        case .rtcp(let packet): .named(TransportObserverEventName.rtcp, bytes: packet)
        }
    }
}

extension ProducerEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .transportClose: .named(ProducerEventName.transportClose)
        case .score(let score): .named(ProducerEventName.score, json: score)
        case .videoOrientationChange(let orientation):
            .named(ProducerEventName.videoOrientationChange, json: orientation)
        case .trace(let trace): .named(ProducerEventName.trace, json: trace)
        }
    }
}

extension ProducerObserverEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .close: .close
        case .pause: .named(ProducerObserverEventName.pause)
        case .resume: .named(ProducerObserverEventName.resume)
        case .score(let score): .named(ProducerObserverEventName.score, json: score)
        case .videoOrientationChange(let orientation):
            .named(ProducerObserverEventName.videoOrientationChange, json: orientation)
        case .trace(let trace): .named(ProducerObserverEventName.trace, json: trace)
        }
    }
}

extension ConsumerEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .transportClose: .named(ConsumerEventName.transportClose)
        case .producerClose: .named(ConsumerEventName.producerClose)
        case .producerPause: .named(ConsumerEventName.producerPause)
        case .producerResume: .named(ConsumerEventName.producerResume)
        case .score(let score): .named(ConsumerEventName.score, json: score)
        case .layersChange(let layers): .named(ConsumerEventName.layersChange, .json(layers.map(wireJSON) ?? .null))
        case .trace(let trace): .named(ConsumerEventName.trace, json: trace)
        case .rtp(let packet): .named(ConsumerEventName.rtp, bytes: packet)
        }
    }
}

extension ConsumerObserverEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .close: .close
        case .pause: .named(ConsumerObserverEventName.pause)
        case .resume: .named(ConsumerObserverEventName.resume)
        case .score(let score): .named(ConsumerObserverEventName.score, json: score)
        case .layersChange(let layers):
            .named(ConsumerObserverEventName.layersChange, .json(layers.map(wireJSON) ?? .null))
        case .trace(let trace): .named(ConsumerObserverEventName.trace, json: trace)
        }
    }
}

extension DataProducerEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .transportClose: .named(DataProducerEventName.transportClose)
        }
    }
}

extension DataObserverEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .close: .close
        case .pause: .named(DataObserverEventName.pause)
        case .resume: .named(DataObserverEventName.resume)
        }
    }
}

extension DataConsumerEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .transportClose: .named(DataConsumerEventName.transportClose)
        case .dataProducerClose: .named(DataConsumerEventName.dataProducerClose)
        case .dataProducerPause: .named(DataConsumerEventName.dataProducerPause)
        case .dataProducerResume: .named(DataConsumerEventName.dataProducerResume)
        case .message(let message, let ppid):
            .named(DataConsumerEventName.message, json: RemoteMessageEventData(message: message, ppid: ppid))
        case .sctpSendBufferFull: .named(DataConsumerEventName.sctpSendBufferFull)
        case .bufferedAmountLow(let bufferedAmount):
            .named(DataConsumerEventName.bufferedAmountLow, json: bufferedAmount)
        }
    }
}

extension RtpObserverEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .routerClose: .named(RtpObserverEventName.routerClose)
        case .dominantSpeaker(let producer): .named(RtpObserverEventName.dominantSpeaker, .dominantSpeaker(producer))
        case .volumes(let volumes): .named(RtpObserverEventName.volumes, .volumes(volumes))
        case .silence: .named(RtpObserverEventName.silence)
        }
    }
}

extension RtpObserverObserverEvent {
    var forwarded: ForwardedEvent {
        switch self {
        case .close: .close
        case .pause: .named(RtpObserverObserverEventName.pause)
        case .resume: .named(RtpObserverObserverEventName.resume)
        case .addProducer(let producer): .named(RtpObserverObserverEventName.addProducer, .object(.producer(producer)))
        case .removeProducer(let producer):
            .named(RtpObserverObserverEventName.removeProducer, .object(.producer(producer)))
        case .dominantSpeaker(let producer):
            .named(RtpObserverObserverEventName.dominantSpeaker, .dominantSpeaker(producer))
        case .volumes(let volumes): .named(RtpObserverObserverEventName.volumes, .volumes(volumes))
        case .silence: .named(RtpObserverObserverEventName.silence)
        }
    }
}
