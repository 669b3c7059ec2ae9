import Mediasoup
import MediasoupChannel
import NIOCore

/// Moves channel frames between the pipes and the ``WorkerRuntime``; decides nothing.
final class ChannelPipeHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let runtime: WorkerRuntime
    private var decoder = ChannelFrameDecoder()

    init(runtime: WorkerRuntime) {
        self.runtime = runtime
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let loopBoundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        runtime.output = { message in
            let context = loopBoundContext.value
            guard let frame = try? message.frame() else { return }
            var buffer = context.channel.allocator.buffer(capacity: frame.count)
            buffer.writeBytes(frame)
            context.writeAndFlush(NIOAny(buffer), promise: nil)
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        runtime.notify(targetId: WorkerNotification.targetId, event: WorkerNotification.running)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        decoder.append(buffer.readBytes(length: buffer.readableBytes) ?? [])
        do {
            while let payload = try decoder.nextFrame() {
                runtime.receive(payload)
            }
        } catch {
            WorkerLog.write("mediasoup-worker: closing channel: \(error)")
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        runtime.output = nil
        context.fireChannelInactive()
    }
}
