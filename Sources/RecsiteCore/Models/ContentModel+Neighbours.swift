/// Every movie's top-K content neighbours, stored flat (K slots per movie).
///
/// This is the sparse replacement for the reference's n × n similarity matrix (case C15): at
/// K = 50 it holds 50 × n pairs (~40 MB for 100k movies) instead of n² floats.
package struct NeighbourTable: Sendable {
    package let k: Int
    /// How many slots of each movie are filled (fewer than K when few movies share a term).
    package let counts: [Int32]
    /// `itemCount × k` neighbour indices, best first; unused slots hold -1.
    package let items: [Int32]
    /// Similarities matching `items`; unused slots hold 0.
    package let similarities: [Float]

    package var itemCount: Int { counts.count }

    /// The stored neighbours of one movie, best first.
    package func neighbours(of item: Int) -> [Neighbour] {
        guard item >= 0, item < itemCount else { return [] }
        return (0..<Int(counts[item])).map {
            Neighbour(item: Int(items[item * k + $0]), similarity: similarities[item * k + $0])
        }
    }
}

extension ContentModel {
    /// Builds every movie's top-`k` neighbour list through the inverted index, in parallel.
    ///
    /// Each movie's list is computed by one worker with the same arithmetic as `topNeighbours`,
    /// so the table does not depend on `threads`. Memory: the table plus one dense accumulator
    /// of `itemCount` doubles per worker.
    package func neighbourTable(k: Int, threads: Int) -> NeighbourTable {
        let k = max(0, k)
        let n = itemCount
        var counts = [Int32](repeating: 0, count: n)
        var items = [Int32](repeating: -1, count: n * k)
        var similarities = [Float](repeating: 0, count: n * k)
        guard k > 0 else { return NeighbourTable(k: k, counts: counts, items: items, similarities: similarities) }
        counts.withUnsafeMutableBufferPointer { countBuffer in
            items.withUnsafeMutableBufferPointer { itemBuffer in
                similarities.withUnsafeMutableBufferPointer { similarityBuffer in
                    let countOut = SharedWriteBuffer(countBuffer)
                    let itemOut = SharedWriteBuffer(itemBuffer)
                    let similarityOut = SharedWriteBuffer(similarityBuffer)
                    ParallelBlocks.run(count: n, blockSize: 256, threads: threads) { blocks in
                        let scratch = makeScratch(k: k)
                        for range in blocks {
                            for item in range {
                                let list = neighbours(of: item, using: scratch)
                                countOut.base[item] = Int32(list.count)
                                for (slot, neighbour) in list.enumerated() {
                                    itemOut.base[item * k + slot] = Int32(neighbour.item)
                                    similarityOut.base[item * k + slot] = neighbour.similarity
                                }
                            }
                        }
                    }
                }
            }
        }
        return NeighbourTable(k: k, counts: counts, items: items, similarities: similarities)
    }
}
