import Mediasoup
import RemoteMediasoupProtocol

/// One object of the contract that the server exposes, with its class on the wire.
enum ServedObject: Sendable {
    /// Workers have no id of their own: the server gives each one a UUID.
    case worker(any Worker, id: String)
    case webRtcServer(any WebRtcServer)
    case router(any Router)
    case transport(any Transport)
    case producer(any Producer)
    case consumer(any Consumer)
    case dataProducer(any DataProducer)
    case dataConsumer(any DataConsumer)
    case rtpObserver(any RtpObserver)

    var remoteClass: RemoteClass {
        switch self {
        case .worker: .worker
        case .webRtcServer: .webRtcServer
        case .router: .router
        case .transport: .transport
        case .producer: .producer
        case .consumer: .consumer
        case .dataProducer: .dataProducer
        case .dataConsumer: .dataConsumer
        case .rtpObserver: .rtpObserver
        }
    }

    var id: String {
        switch self {
        case .worker(_, let id): id
        case .webRtcServer(let object): object.id
        case .router(let object): object.id
        case .transport(let object): object.id
        case .producer(let object): object.id
        case .consumer(let object): object.id
        case .dataProducer(let object): object.id
        case .dataConsumer(let object): object.id
        case .rtpObserver(let object): object.id
        }
    }

    /// The object itself, for identity and protocol checks.
    var object: any AnyObject & Sendable {
        switch self {
        case .worker(let object, _): object
        case .webRtcServer(let object): object
        case .router(let object): object
        case .transport(let object): object
        case .producer(let object): object
        case .consumer(let object): object
        case .dataProducer(let object): object
        case .dataConsumer(let object): object
        case .rtpObserver(let object): object
        }
    }

    var closed: Bool {
        switch self {
        case .worker(let object, _): object.closed
        case .webRtcServer(let object): object.closed
        case .router(let object): object.closed
        case .transport(let object): object.closed
        case .producer(let object): object.closed
        case .consumer(let object): object.closed
        case .dataProducer(let object): object.closed
        case .dataConsumer(let object): object.closed
        case .rtpObserver(let object): object.closed
        }
    }

    var appData: AppData {
        get {
            switch self {
            case .worker(let object, _): object.appData
            case .webRtcServer(let object): object.appData
            case .router(let object): object.appData
            case .transport(let object): object.appData
            case .producer(let object): object.appData
            case .consumer(let object): object.appData
            case .dataProducer(let object): object.appData
            case .dataConsumer(let object): object.appData
            case .rtpObserver(let object): object.appData
            }
        }
        nonmutating set {
            switch self {
            case .worker(let object, _): object.appData = newValue
            case .webRtcServer(let object): object.appData = newValue
            case .router(let object): object.appData = newValue
            case .transport(let object): object.appData = newValue
            case .producer(let object): object.appData = newValue
            case .consumer(let object): object.appData = newValue
            case .dataProducer(let object): object.appData = newValue
            case .dataConsumer(let object): object.appData = newValue
            case .rtpObserver(let object): object.appData = newValue
            }
        }
    }

    func close() {
        switch self {
        case .worker(let object, _): object.close()
        case .webRtcServer(let object): object.close()
        case .router(let object): object.close()
        case .transport(let object): object.close()
        case .producer(let object): object.close()
        case .consumer(let object): object.close()
        case .dataProducer(let object): object.close()
        case .dataConsumer(let object): object.close()
        case .rtpObserver(let object): object.close()
        }
    }
}
