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
            guard let frame = Self.frame(message) else { return }
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
        let skipped = decoder.skippedFrames
        while let payload = decoder.nextFrame() {
            runtime.receive(payload)
        }
        if decoder.skippedFrames > skipped {
            WorkerLog.write("mediasoup-worker: dropped a channel frame over \(ChannelFrameDecoder.maxPayloadLength) bytes")
        }
    }

    /// `message` framed; a response too large for a frame becomes an error
    /// response to its request, a notification too large is dropped.
    private static func frame(_ message: ChannelMessage) -> [UInt8]? {
        do {
            return try message.frame()
        } catch {
            WorkerLog.write("mediasoup-worker: cannot send a channel message: \(error)")
            guard case .response(let response) = message else { return nil }
            return try? ChannelMessage.response(.rejected(response.id, error: .error, reason: "\(error)")).frame()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        runtime.output = nil
        context.fireChannelInactive()
    }
}
