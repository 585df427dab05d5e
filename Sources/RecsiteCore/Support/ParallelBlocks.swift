import Dispatch

/// Runs work over fixed-size blocks of rows on a few threads, with a per-worker setup step.
///
/// Blocks are fixed by `blockSize`, not by the thread count, and each row is computed by one
/// worker alone, so a row's result never depends on how many threads ran: 1 and 8 threads give
/// bit-identical output as long as the body writes only the rows of its own block.
package enum ParallelBlocks {
    /// The blocks one worker handles: every `stride`-th block starting at `first`.
    package struct Blocks: Sequence, IteratorProtocol {
        let count: Int
        let blockSize: Int
        var block: Int
        let stride: Int

        package mutating func next() -> Range<Int>? {
            let start = block * blockSize
            guard start < count else { return nil }
            block += stride
            return start..<Swift.min(start + blockSize, count)
        }
    }

    /// Calls `worker` once per thread with the blocks that thread owns.
    ///
    /// The worker allocates its scratch buffers once, then loops over its blocks, so nothing is
    /// allocated per row. Blocks are dealt round-robin: small blocks keep skewed rows (popular
    /// movies) spread over threads without a shared work queue.
    package static func run(
        count: Int, blockSize: Int = 32, threads: Int,
        _ worker: @Sendable (_ blocks: Blocks) -> Void
    ) {
        guard count > 0 else { return }
        let size = max(1, blockSize)
        let blockCount = (count + size - 1) / size
        let workers = max(1, min(threads, blockCount))
        if workers == 1 {
            worker(Blocks(count: count, blockSize: size, block: 0, stride: 1))
            return
        }
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            worker(Blocks(count: count, blockSize: size, block: w, stride: workers))
        }
    }
}

/// A read-only view of a buffer that concurrent workers share.
///
/// `@unchecked Sendable` is sound here because the buffer is only read while workers run and
/// its owner keeps it alive for the whole call.
package struct SharedReadBuffer<Element>: @unchecked Sendable {
    package let base: UnsafeBufferPointer<Element>
    package init(_ base: UnsafeBufferPointer<Element>) { self.base = base }
}

/// A writable view of a buffer whose rows are split between workers.
///
/// `@unchecked Sendable` is sound only because every caller writes disjoint slices (one row per
/// worker); the type exists to make that promise visible at the call site.
package struct SharedWriteBuffer<Element>: @unchecked Sendable {
    package let base: UnsafeMutableBufferPointer<Element>
    package init(_ base: UnsafeMutableBufferPointer<Element>) { self.base = base }
}
