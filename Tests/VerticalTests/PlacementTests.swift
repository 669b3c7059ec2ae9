import Mediasoup
import MediasoupGetStats
import MediasoupLocal
import MediasoupVertical
import Testing

/// Mafalda's placement rules, on loads given by hand.
@Suite struct PlacementTests {
    typealias Router = Placement.RouterCandidate
    typealias Worker = Placement.WorkerCandidate

    @Test func theBusiestRegisteredRouterUnderTheWatermarkWins() {
        let routers = [
            Router(routerId: "a", workerKey: 1, load: 30, registered: true, transports: 3),
            Router(routerId: "b", workerKey: 2, load: 50, registered: true, transports: 1),
            Router(routerId: "c", workerKey: 3, load: 55, registered: false, transports: 9),
            Router(routerId: "d", workerKey: 4, load: 70, registered: true, transports: 1),
        ]
        #expect(Placement.decide(routers: routers, workers: [], canStartWorker: true, watermark: 60) == .router("b"))
    }

    @Test func anotherVirtualRoutersRealRouterComesBeforeANewRouter() {
        let routers = [
            Router(routerId: "mine", workerKey: 1, load: 80, registered: true, transports: 3),
            Router(routerId: "shared", workerKey: 2, load: 20, registered: false, transports: 2),
        ]
        let workers = [Worker(workerKey: 3, load: 40)]
        #expect(
            Placement.decide(routers: routers, workers: workers, canStartWorker: true, watermark: 60) == .router("shared"))
    }

    @Test func aBusyRouterGivesWayToANewRouterOnTheBusiestWorkerUnderTheWatermark() {
        let routers = [Router(routerId: "mine", workerKey: 1, load: 80, registered: true, transports: 3)]
        let workers = [Worker(workerKey: 2, load: 10), Worker(workerKey: 3, load: 40), Worker(workerKey: 4, load: 90)]
        #expect(
            Placement.decide(routers: routers, workers: workers, canStartWorker: true, watermark: 60)
                == .newRouter(workerKey: 3))
    }

    @Test func allBusyStartsAWorkerWhileTheCapAllowsThenTakesTheLeastLoaded() {
        let routers = [
            Router(routerId: "a", workerKey: 1, load: 80, registered: true, transports: 3),
            Router(routerId: "b", workerKey: 2, load: 70, registered: false, transports: 5),
        ]
        #expect(Placement.decide(routers: routers, workers: [], canStartWorker: true, watermark: 60) == .newWorker)
        #expect(Placement.decide(routers: routers, workers: [], canStartWorker: false, watermark: 60) == .router("b"))
        let idle = [Worker(workerKey: 3, load: 65)]
        #expect(
            Placement.decide(routers: routers, workers: idle, canStartWorker: false, watermark: 60)
                == .newRouter(workerKey: 3))
    }

    @Test func aZeroWatermarkSpreadsByTransportCountOnEqualLoads() {
        let routers = [
            Router(routerId: "a", workerKey: 1, load: 0, registered: true, transports: 4),
            Router(routerId: "b", workerKey: 2, load: 0, registered: true, transports: 3),
        ]
        #expect(Placement.decide(routers: routers, workers: [], canStartWorker: false, watermark: 0) == .router("b"))
    }

    @Test func nothingToPlaceOnIsNil() {
        #expect(Placement.decide(routers: [], workers: [], canStartWorker: false, watermark: 60) == nil)
        #expect(Placement.homeWorker(workers: [], canStartWorker: false, watermark: 60) == nil)
    }

    @Test func aVirtualWorkerBeginsOnTheBusiestWorkerUnderTheWatermark() {
        let workers = [Worker(workerKey: 1, load: 10), Worker(workerKey: 2, load: 50), Worker(workerKey: 3, load: 95)]
        #expect(Placement.homeWorker(workers: workers, canStartWorker: true, watermark: 60) == .existing(workerKey: 2))
        let busy = [Worker(workerKey: 1, load: 70), Worker(workerKey: 2, load: 65)]
        #expect(Placement.homeWorker(workers: busy, canStartWorker: true, watermark: 60) == .start)
        #expect(Placement.homeWorker(workers: busy, canStartWorker: false, watermark: 60) == .existing(workerKey: 2))
    }
}

/// Options out of range are refused when the layer is made.
@Suite struct VerticalOptionsTests {
    @Test(arguments: [
        VerticalOptions(maxWorkers: 0), VerticalOptions(watermarkWorker: -1), VerticalOptions(watermarkWorker: 101),
        VerticalOptions(watermarkNode: .nan), VerticalOptions(loadRefresh: .seconds(-1)),
    ])
    func outOfRangeIsATypeError(_ options: VerticalOptions) {
        #expect(throws: TypeError.self) {
            _ = try MediasoupVertical(manager: PlainMediasoupManager(mediasoup: LocalMediasoup()), options: options)
        }
    }
}
